import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, codeOf, diagnosticsWhere, EXTENSION_ID, fileUri, inspectTokenAt, open, rangeOf, sleep } from '../util';

// Runs beside-after and beside-before (scripts/host/run.mjs): a stand-in for the Kubernetes extension
// (test/host/fixtures/standin-helm: language `helm`, its own `source.helm` grammar with `.standin` scopes) is installed
// from its own .vsix, sorting after helm-hooks (its grammar wins) or before it (ours wins).
const STANDIN = JSON.parse(process.env.HELM_HOOKS_HOST_STANDIN ?? '{}') as { id?: string; baseGrammar?: 'standin' | 'ours' };

const TEMPLATE = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: {{ .Release.Name }}-beside',
  '  annotations:',
  '    helm.sh/hook: pre-upgrade,pre-instal',
  '    "helm.sh/hook-delete-policy": "before-hook-creation,{{ .Values.policy }}"',
  'spec:',
  '  template:',
  '    spec:',
  '      restartPolicy: Never',
  '',
].join('\n');
const COMPLETION = ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: setup', '  annotations:', '    helm.sh/hook: ', ''].join('\n');
const EVENTS = ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'pre-delete', 'post-delete', 'test'];

/** [line, text, scopes it must have]; the cursor goes to the text's first occurrence on the line. */
const HOOK_TOKENS: [number, string, string[]][] = [
  [5, 'helm.sh/hook', ['entity.name.tag.helm-hooks.key']],
  [5, 'pre-upgrade', ['constant.language.helm-hooks.event']],
  [6, 'helm.sh/hook-delete-policy', ['entity.name.tag.helm-hooks.key']],
  [6, 'before-hook-creation', ['constant.language.helm-hooks.delete-policy']],
  [6, '{{', ['meta.embedded.line.helm', 'punctuation.section.embedded.begin.helm']],
  [6, '.Values.policy', ['meta.embedded.line.helm', 'variable.other.helm']],
  [6, '}}', ['meta.embedded.line.helm', 'punctuation.section.embedded.end.helm']],
];
/** Outside hook annotations the base grammar in effect speaks: which one it is tells which extension won. */
const BASE_TOKEN: [number, string] = [3, '.Release.Name'];
const BASE_SCOPE = { standin: 'variable.field.standin', ours: 'variable.other.helm' };

function at(doc: vscode.TextDocument, line: number, text: string): vscode.Position {
  const character = doc.lineAt(line).text.indexOf(text);
  assert.ok(character >= 0, `"${text}" is on line ${line + 1}`);
  return new vscode.Position(line, character);
}

describe(`beside a stand-in Kubernetes extension (${STANDIN.id ?? 'unknown'})`, function () {
  let editor: vscode.TextEditor;
  const uri = fileUri('chart/templates/hooks/beside.yaml');

  before(async () => {
    fs.writeFileSync(uri.fsPath, TEMPLATE);
    editor = await open(uri);
    await activeExtension();
  });

  it('the stand-in is installed from its own package, beside ours, and neither is the development extension', () => {
    assert.ok(STANDIN.id && STANDIN.baseGrammar, 'the launcher names the stand-in (HELM_HOOKS_HOST_STANDIN)');
    const dir = path.resolve(process.env.HELM_HOOKS_HOST_EXTENSIONS_DIR ?? '');
    for (const id of [STANDIN.id, EXTENSION_ID]) {
      const ext = vscode.extensions.getExtension(id);
      assert.ok(ext, `${id} is installed`);
      assert.ok(path.resolve(ext.extensionPath).startsWith(dir + path.sep), `${ext.extensionPath} is under ${dir}`);
    }
    type Manifest = { contributes?: { languages?: { id?: string }[] } } | undefined;
    const helmContributions = vscode.extensions.all.filter((e) => ((e.packageJSON as Manifest)?.contributes?.languages ?? []).some((l) => l.id === 'helm')).map((e) => e.id);
    assert.deepEqual(helmContributions.sort(), [EXTENSION_ID, STANDIN.id].sort(), 'both contribute language helm');
  });

  it(`the template gets language helm, and the base grammar in effect is ${STANDIN.baseGrammar === 'standin' ? "the stand-in's" : 'ours'}`, async () => {
    assert.equal(editor.document.languageId, 'helm');
    const t = await inspectTokenAt(editor, at(editor.document, ...BASE_TOKEN));
    const expected = BASE_SCOPE[STANDIN.baseGrammar ?? 'ours'];
    assert.ok(t.scopes.includes(expected), `"${BASE_TOKEN[1]}" has ${expected}: ${t.scopes.join(' ')}`);
  });

  for (const [line, text, scopes] of HOOK_TOKENS) {
    it(`"${text}" on line ${line + 1} keeps our scopes ${scopes.join(', ')}`, async () => {
      const t = await inspectTokenAt(editor, at(editor.document, line, text));
      const missing = scopes.filter((s) => !t.scopes.includes(s));
      assert.deepEqual(missing, [], `token "${t.token}": ${t.scopes.join(' ')}`);
      assert.ok(!t.scopes.some((s) => s.endsWith('.standin')), `no stand-in scope inside a hook annotation: ${t.scopes.join(' ')}`);
    });
  }

  it('publishes each diagnostic once', async () => {
    const ds = await diagnosticsWhere(uri, (x) => x.length > 0, 'diagnostics beside the stand-in');
    // a second server or client for the doubly contributed language would publish again: give it time to
    await sleep(1500);
    const all = vscode.languages.getDiagnostics(uri);
    assert.deepEqual(all.map((d) => [d.source, codeOf(d), ...rangeOf(d.range)]), [['helm-hooks', 'unknown-hook-event', 5, 30, 5, 40]], `all diagnostics: ${JSON.stringify(all.map((d) => [d.source, codeOf(d), d.message]))}`);
    assert.equal(ds.length, 1);
  });

  it('offers each hook event once after `helm.sh/hook: `', async () => {
    const cUri = fileUri('chart/templates/hooks/beside-completion.yaml');
    fs.writeFileSync(cUri.fsPath, COMPLETION);
    const cEditor = await open(cUri);
    assert.equal(cEditor.document.languageId, 'helm');
    const line = cEditor.document.lineAt(5).text;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', cUri, new vscode.Position(5, line.length));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    const counts = EVENTS.map((e) => [e, labels.filter((l) => l === e).length]);
    assert.deepEqual(counts, EVENTS.map((e) => [e, 1]), `offered: ${JSON.stringify(labels.slice(0, 40))}`);
  });
});
