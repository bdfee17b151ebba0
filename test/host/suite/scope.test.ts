import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activeExtension, codeOf, diagnosticsWhere, fileUri, open, setText } from '../util';

describe('scope', function () {
  it('raises nothing for a plain YAML file outside a chart', async () => {
    const ext = await activeExtension();
    const plain = fileUri('plain/pipeline.yaml');
    const editor = await open(plain);
    assert.equal(editor.document.languageId, 'yaml', 'a YAML file outside templates/ stays yaml');
    assert.match(editor.document.getText(), /helm\.sh\/hook: pre-upgrade,pre-instal/, 'the text would be an error in a chart');
    // Type in it, as a person would: still nothing.
    await setText(editor, `${editor.document.getText()}    helm.sh/hook-delete-policy: never\n`);

    // A chart template opened afterwards is checked: by then the server has seen everything sent before it.
    const sentinel = await open(fileUri('chart/templates/hooks/migrate.yaml'));
    await diagnosticsWhere(sentinel.document.uri, (ds) => ds.some((d) => codeOf(d) === 'unknown-hook-event'), 'diagnostics for a chart template');

    assert.deepEqual(vscode.languages.getDiagnostics(plain), [], 'no diagnostics at all on the plain YAML file');
    assert.ok(ext.exports.client.isRunning());
  });
});
