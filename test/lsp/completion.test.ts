import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompletionItem, CompletionItemKind, CompletionRequest, InsertTextFormat, MarkupContent, TextEdit } from 'vscode-languageserver/node';
import { ServerProcess } from './serverProcess';

const JOB = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: migrate',
  '  annotations:',
  '    helm.sh/hook: pre-install,',
  '    ',
  '{{- $a := dict "helm.sh/hook-delete-policy" "before-hook-creation," }}',
  'spec:',
  '  template:',
  '    spec:',
  '      restartPolicy: Never',
  '',
].join('\n');

describe('language server: completion', function () {
  let server: ServerProcess;
  const uri = (name: string): string => pathToFileURL(path.join(os.tmpdir(), 'helm-hooks-completion', 'templates', name)).href;

  before(async () => {
    server = new ServerProcess();
    const init = await server.initialize();
    assert.deepEqual(init.capabilities.completionProvider?.triggerCharacters, [',', '"', ' ', '/']);
    await server.open(uri('job.yaml'), JOB);
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  async function complete(line: number, character: number, triggerCharacter?: string, u = uri('job.yaml')): Promise<CompletionItem[]> {
    const r = await server.conn.sendRequest(CompletionRequest.type, {
      textDocument: { uri: u },
      position: { line, character },
      ...(triggerCharacter ? { context: { triggerKind: 2, triggerCharacter } } : {}),
    });
    return r === null ? [] : Array.isArray(r) ? r : r.items;
  }

  it('offers the events not yet listed after a comma, replacing nothing', async () => {
    const items = await complete(5, 30, ',');
    assert.deepEqual(
      items.map((i) => i.label),
      ['post-install', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'pre-delete', 'post-delete', 'test'],
    );
    const test = items.find((i) => i.label === 'test')!;
    assert.equal(test.kind, CompletionItemKind.EnumMember);
    assert.equal(test.insertTextFormat, InsertTextFormat.PlainText);
    assert.deepEqual(test.textEdit, { range: { start: { line: 5, character: 30 }, end: { line: 5, character: 30 } }, newText: 'test' });
    assert.equal((test.documentation as MarkupContent).kind, 'markdown');
    assert.match((test.documentation as MarkupContent).value, /helm test/);
  });

  it('offers the other helm.sh/ keys as snippets on an empty annotation line, weight quoted', async () => {
    const items = await complete(6, 4);
    assert.deepEqual(items.map((i) => i.label), ['helm.sh/hook-weight', 'helm.sh/hook-delete-policy', 'helm.sh/hook-output-log-policy', 'helm.sh/resource-policy']);
    const weight = items[0];
    assert.equal(weight.kind, CompletionItemKind.Property);
    assert.equal(weight.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal((weight.textEdit as TextEdit).newText, 'helm.sh/hook-weight: "${1:0}"');
    assert.deepEqual((weight.textEdit as TextEdit).range, { start: { line: 6, character: 4 }, end: { line: 6, character: 4 } });
  });

  it('answers a typed space only with values, not with keys while indenting', async () => {
    assert.deepEqual(await complete(6, 4, ' '), []);
    assert.equal((await complete(5, 30, ' ')).length, 8);
  });

  it('completes inside a dict literal, comma-aware', async () => {
    const items = await complete(7, 66, ',');
    assert.deepEqual(items.map((i) => i.label), ['hook-succeeded', 'hook-failed']);
  });

  it('offers nothing outside metadata.annotations', async () => {
    assert.deepEqual(await complete(3, 8), []);
    assert.deepEqual(await complete(11, 22), []);
    assert.deepEqual(await complete(1, 0), []);
  });

  it('offers whole hook resources in an empty template', async () => {
    const u = uri('empty.yaml');
    await server.open(u, '');
    const items = await complete(0, 0, undefined, u);
    assert.equal(items.length, 3);
    for (const i of items) {
      assert.equal(i.kind, CompletionItemKind.Snippet);
      assert.equal(i.insertTextFormat, InsertTextFormat.Snippet);
      assert.match((i.textEdit as TextEdit).newText, /restartPolicy: Never/);
    }
  });

  it('leaves YAML outside a chart to other tools', async () => {
    const u = pathToFileURL(path.join(os.tmpdir(), 'not-a-chart', 'job.yaml')).href;
    await server.open(u, JOB, 'yaml');
    assert.deepEqual(await complete(5, 30, undefined, u), []);
  });
});
