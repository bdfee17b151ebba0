import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, codeOf, diagnosticsWhere, EXTENSION_ID, fileUri, open, rangeOf, recordMetric, say } from '../util';

// Run against the extension installed from the .vsix (scripts/host/run.mjs --vsix): a file missing from the package
// (the server bundle, the language configuration, the manifest's entry point) fails here.
describe('the installed .vsix', function () {
  it('is the copy installed from the package, not the work tree', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    const dir = process.env.HELM_HOOKS_HOST_EXTENSIONS_DIR;
    assert.ok(dir, 'the launcher names the extensions folder');
    assert.ok(path.resolve(ext.extensionPath).startsWith(path.resolve(dir) + path.sep), `${ext.extensionPath} is under ${dir}`);
    assert.equal((ext.packageJSON as { publisher?: unknown }).publisher, 'helm-hooks');
  });

  it('activates on a chart template and publishes a diagnostic for a broken hook', async () => {
    const uri = fileUri('chart/templates/hooks/migrate.yaml');
    const editor = await open(uri);
    assert.equal(editor.document.languageId, 'helm', 'the packaged manifest gives templates the helm language');
    const ext = await activeExtension();
    assert.ok(ext.exports.client.isRunning());
    const ds = await diagnosticsWhere(uri, (x) => x.length > 0, 'diagnostics from the installed extension');
    assert.deepEqual(ds.map((d) => [codeOf(d), ...rangeOf(d.range)]), [['unknown-hook-event', 5, 30, 5, 40]]);
    say(`      activation (installed package): ${ext.exports.activationMs.toFixed(1)} ms`);
    recordMetric('activationMs', Number(ext.exports.activationMs.toFixed(1)));
  });
});
