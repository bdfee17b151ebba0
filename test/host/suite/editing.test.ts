import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activeExtension, codeOf, fileUri, helmDiagnostics, open, waitFor } from '../util';

const BROKEN = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: fixme',
  '  annotations:',
  '    helm.sh/hook: pre-upgrade,pre-instal',
  '    helm.sh/hook-delete-policy: before-hook-creation',
  'spec:',
  '  template:',
  '    spec:',
  '      restartPolicy: Never',
  '',
].join('\n');

describe('hover and quick fixes', function () {
  it('hovering helm.sh/hook explains it and gives the hook\'s place in the order', async () => {
    await activeExtension();
    const uri = fileUri('chart/templates/hooks/hover.yaml');
    fs.writeFileSync(uri.fsPath, BROKEN.replace('pre-upgrade,pre-instal', 'pre-upgrade'));
    await open(uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(5, 8));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*helm\.sh\/hook\*\*/);
    assert.match(text, /pre-upgrade: /, 'the execution order of its event');
  });

  it('the quick fix for a misspelled event applies, and the diagnostic goes away', async () => {
    await activeExtension();
    const uri = fileUri('chart/templates/hooks/fixme.yaml');
    fs.writeFileSync(uri.fsPath, BROKEN);
    const editor = await open(uri);
    const diagnostic = await waitFor('the unknown-event diagnostic', () => helmDiagnostics(uri).find((d) => codeOf(d) === 'unknown-hook-event'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => /pre-install/.test(a.title));
    assert.ok(fix?.edit, `a quick fix to "pre-install"; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(actions.some((a) => /Disable/i.test(a.title)), 'and a way to disable the rule for the line');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(editor.document.lineAt(5).text, '    helm.sh/hook: pre-upgrade,pre-install');
    await waitFor('the diagnostic to clear', () => (helmDiagnostics(uri).some((d) => /pre-instal"/.test(d.message)) ? undefined : true));
  });
});
