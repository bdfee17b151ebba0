import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activeExtension, codeOf, diagnosticsWhere, fileUri, open, rangeOf, screenshot } from '../util';

describe('diagnostics', function () {
  const uri = (): vscode.Uri => fileUri('chart/templates/hooks/migrate.yaml');

  before(async () => {
    await activeExtension();
  });

  it('shows the server diagnostic for a broken hook, with its range', async () => {
    const editor = await open(uri());
    const [d, ...rest] = await diagnosticsWhere(uri(), (ds) => ds.length > 0, 'diagnostics for migrate.yaml');
    assert.deepEqual(rest, [], 'one diagnostic');
    assert.equal(codeOf(d), 'unknown-hook-event');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    // `    helm.sh/hook: pre-upgrade,pre-instal`: the range covers the misspelled entry only.
    assert.deepEqual(rangeOf(d.range), [5, 30, 5, 40]);
    assert.equal(editor.document.getText(d.range), 'pre-instal');
    assert.match(d.message, /"pre-install"/);
    const target = typeof d.code === 'object' ? d.code.target.toString() : '';
    assert.match(target, /#unknown-hook-event$/, 'the code links to the rule');

    // What a person sees: the squiggle, its hover and the Problems panel.
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.window.showTextDocument(editor.document, { preview: false });
    editor.selection = new vscode.Selection(5, 33, 5, 33);
    editor.revealRange(d.range);
    await vscode.commands.executeCommand('editor.action.showHover');
    const shot = await screenshot('workbench-diagnostic');
    if (shot) {
      assert.ok(shot.taken, `the screenshot was taken: ${shot.error ?? ''}`);
      assert.ok((shot.squiggles ?? 0) >= 1, 'the editor draws an error squiggle');
      assert.match(shot.problems ?? '', /pre-instal/, 'the Problems panel lists the diagnostic');
    }
  });

  it('updates as the user types: fixing the event clears it, breaking it again brings it back', async () => {
    const editor = await open(uri());
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(5, 40), 'l')));
    await diagnosticsWhere(uri(), (ds) => ds.length === 0, 'the diagnostic to clear after the fix');
    assert.ok(await editor.edit((b) => b.delete(new vscode.Range(5, 40, 5, 41))));
    const ds = await diagnosticsWhere(uri(), (x) => x.length === 1, 'the diagnostic to come back');
    assert.deepEqual(rangeOf(ds[0].range), [5, 30, 5, 40]);
  });
});
