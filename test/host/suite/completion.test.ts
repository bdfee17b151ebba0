import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activeExtension, fileUri, open } from '../util';

/** Helm's nine hook events (pkg/release/v1/hook.go). */
const EVENTS = ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'pre-delete', 'post-delete', 'test'];

// No event name appears in the document, so nothing but a hook-aware provider can offer them.
const TEMPLATE = ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: setup', '  annotations:', '    helm.sh/hook: ', 'spec:', '  template:', '    spec:', '      restartPolicy: Never', ''].join('\n');

describe('completion', function () {
  it('offers the hook events after `helm.sh/hook: `', async () => {
    await activeExtension();
    const uri = fileUri('chart/templates/hooks/completion.yaml');
    fs.writeFileSync(uri.fsPath, TEMPLATE);
    const editor = await open(uri);
    assert.equal(editor.document.languageId, 'helm');
    const line = editor.document.lineAt(5).text;
    assert.equal(line, '    helm.sh/hook: ');
    const position = new vscode.Position(5, line.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    const missing = EVENTS.filter((e) => !labels.includes(e));
    assert.deepEqual(missing, [], `events not offered; offered: ${JSON.stringify(labels.slice(0, 30))}`);
  });
});
