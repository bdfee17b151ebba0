import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, CodeActionRequest, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerProcess } from './serverProcess';

const BROKEN = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: migrate',
  '  annotations:',
  '    helm.sh/hook: pre-upgrade,pre-instal,pre-upgrade',
  '    helm.sh/hook-weight: " 5"',
  '    helm.sh/hook-delete-policy: hook-succeeded',
  '    helm.sh/resource-policy: delete',
  'spec:',
  '  template:',
  '    spec:',
  '      restartPolicy: Always',
  '',
].join('\n');

describe('language server: code actions', function () {
  let server: ServerProcess;
  let diagnostics: Diagnostic[];
  let version = 1;
  let text = BROKEN;
  const uri = pathToFileURL(path.join(os.tmpdir(), 'helm-hooks-actions', 'templates', 'job.yaml')).href;

  before(async () => {
    server = new ServerProcess();
    const init = await server.initialize();
    assert.deepEqual(init.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.helmHooks'] });
    diagnostics = (await server.open(uri, BROKEN)).diagnostics;
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  const actions = async (ds: Diagnostic[], only?: string[], range = ds[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }): Promise<CodeAction[]> =>
    ((await server.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: ds, ...(only ? { only } : {}) } })) ?? []) as CodeAction[];

  const byCode = (code: string): Diagnostic => {
    const d = diagnostics.find((x) => x.code === code);
    assert.ok(d, `no ${code} in ${diagnostics.map((x) => x.code).join(', ')}`);
    return d;
  };

  /** Applies the action's edit to the server's document (full-text change) and returns the new diagnostics. */
  async function apply(a: CodeAction): Promise<Diagnostic[]> {
    const edits = a.edit?.changes?.[uri] as TextEdit[];
    assert.ok(edits && edits.length > 0, `${a.title} has edits for the document`);
    text = TextDocument.applyEdits(TextDocument.create(uri, 'helm', version, text), edits);
    version += 1;
    diagnostics = (await server.change(uri, version, [{ text }])).diagnostics;
    return diagnostics;
  }

  it('offers the nearest event as the preferred quick fix, tied to its diagnostic, plus "disable for this line"', async () => {
    const d = byCode('unknown-hook-event');
    const got = await actions([d]);
    assert.deepEqual(got.map((a) => [a.title, a.kind, a.isPreferred ?? false]), [
      ['Change to "pre-install"', 'quickfix', true],
      ['Disable unknown-hook-event for this line', 'quickfix', false],
    ]);
    assert.deepEqual(got[0].diagnostics, [d]);
    const after = await apply(got[0]);
    assert.ok(!after.some((x) => x.code === 'unknown-hook-event'));
    assert.match(text, /helm\.sh\/hook: pre-upgrade,pre-install,pre-upgrade\n/);
  });

  it('removes a duplicate event with one comma', async () => {
    const [fix] = await actions([byCode('duplicate-hook-event')]);
    assert.equal(fix.title, 'Remove the repeated event');
    await apply(fix);
    assert.match(text, /helm\.sh\/hook: pre-upgrade,pre-install\n/);
  });

  it('"disable for this line" inserts the comment above, indented, and the diagnostic goes', async () => {
    const d = byCode('resource-policy-not-keep');
    const disable = (await actions([d])).find((a) => a.title === 'Disable resource-policy-not-keep for this line')!;
    const after = await apply(disable);
    assert.match(text, /\n {4}# helm-hooks-disable-next-line resource-policy-not-keep\n {4}helm\.sh\/resource-policy: delete\n/);
    assert.ok(!after.some((x) => x.code === 'resource-policy-not-keep'));
  });

  it('returns no quick fix for a diagnostic the text no longer has', async () => {
    const stale: Diagnostic = { ...byCode('hook-name-reused'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } };
    assert.deepEqual(await actions([stale]), []);
  });

  it('offers fix-all only when source actions are asked for, and it fixes every safe finding', async () => {
    assert.ok((await actions(diagnostics)).every((a) => a.kind === 'quickfix'));
    assert.ok((await actions(diagnostics, ['quickfix'])).every((a) => a.kind === 'quickfix'));
    const source = await actions([], ['source.fixAll']);
    assert.deepEqual(source.map((a) => [a.kind, a.title]), [['source.fixAll.helmHooks', 'Fix all auto-fixable Helm hook problems']]);
    assert.equal(source[0].diagnostics, undefined);
    assert.deepEqual((await actions([], ['source.fixAll.helmHooks'])).length, 1);
    const after = await apply(source[0]);
    assert.deepEqual(after.map((d) => d.code), []);
    assert.match(text, /helm\.sh\/hook-weight: "5"\n/);
    assert.match(text, /helm\.sh\/hook-delete-policy: before-hook-creation,hook-succeeded\n/);
    assert.match(text, /restartPolicy: Never\n/);
    assert.deepEqual(await actions([], ['source.fixAll']), [], 'nothing left to fix');
  });
});
