import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, CodeActionRequest, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerProcess } from './serverProcess';

const hook = (kind: string, name: string, weight: string): string =>
  ['apiVersion: v1', `kind: ${kind}`, 'metadata:', `  name: ${name}`, '  annotations:', '    helm.sh/hook: pre-install', `    helm.sh/hook-weight: "${weight}"`, ''].join('\n');

describe('language server: code actions for hook-weight-tie', function () {
  let server: ServerProcess;
  let chart: string;
  let uri: string;
  let text = hook('Job', 'migrate', '5');
  let version = 1;
  let diagnostics: Diagnostic[];

  before(async () => {
    chart = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-tie-actions-'));
    fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
    fs.mkdirSync(path.join(chart, 'templates'));
    fs.writeFileSync(path.join(chart, 'templates', 'settings.yaml'), hook('ConfigMap', 'settings', '5'));
    uri = pathToFileURL(path.join(chart, 'templates', 'migrate.yaml')).href;
    server = new ServerProcess();
    await server.initialize();
    diagnostics = (await server.open(uri, text)).diagnostics;
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
    fs.rmSync(chart, { recursive: true, force: true });
  });

  const tie = (): Diagnostic => {
    const d = diagnostics.find((x) => x.code === 'hook-weight-tie');
    assert.ok(d, `no tie in ${diagnostics.map((x) => x.code).join(', ')}`);
    return d;
  };
  const actions = async (d: Diagnostic): Promise<CodeAction[]> =>
    ((await server.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) ?? []) as CodeAction[];

  async function apply(a: CodeAction): Promise<void> {
    const edits = a.edit?.changes?.[uri] as TextEdit[];
    assert.ok(edits && edits.length > 0, `${a.title} has edits for the document`);
    text = TextDocument.applyEdits(TextDocument.create(uri, 'helm', version, text), edits);
    version += 1;
    diagnostics = (await server.change(uri, version, [{ text }])).diagnostics;
  }

  it('offers the weight that makes the hook run after the one it ties with, and the fix removes the tie', async () => {
    const got = await actions(tie());
    assert.deepEqual(got.map((a) => [a.title, a.kind, a.isPreferred ?? false]), [
      ['Set weight to "6" so "migrate" runs after "settings"', 'quickfix', false],
      ['Disable hook-weight-tie for this line', 'quickfix', false],
    ]);
    assert.deepEqual(got[0].edit?.changes?.[uri], [{ range: { start: { line: 6, character: 26 }, end: { line: 6, character: 27 } }, newText: '6' }]);
    await apply(got[0]);
    assert.deepEqual(diagnostics, []);
    const lens = await server.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    assert.equal((lens as { command?: { title: string } }[])[0]?.command?.title, 'pre-install: 2nd of 2');
  });

  it('"disable for this line" works on the tie too', async () => {
    text = hook('Job', 'migrate', '5');
    version += 1;
    diagnostics = (await server.change(uri, version, [{ text }])).diagnostics;
    const disable = (await actions(tie())).find((a) => a.title === 'Disable hook-weight-tie for this line');
    assert.ok(disable);
    await apply(disable);
    assert.match(text, /\n {4}# helm-hooks-disable-next-line hook-weight-tie\n {4}helm\.sh\/hook-weight: "5"\n/);
    assert.deepEqual(diagnostics, []);
  });
});
