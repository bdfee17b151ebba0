import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ServerProcess } from './serverProcess';

const BROKEN = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: migrate',
  '  annotations:',
  '    helm.sh/hook: pre-upgrade,pre-instal',
  '    helm.sh/hook-delete-policy: before-hook-creation',
  'spec:',
  '  template:',
  '    spec:',
  '      restartPolicy: Never',
  '',
].join('\n');

describe('language server over stdio', function () {
  let server: ServerProcess;
  let chart: string;

  before(async () => {
    chart = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-lsp-'));
    fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\n');
    fs.mkdirSync(path.join(chart, 'templates'));
    server = new ServerProcess();
    const init = await server.initialize();
    assert.deepEqual(init.capabilities.textDocumentSync, { openClose: true, change: 2 });
  });

  after(async () => {
    const code = await server.stop();
    fs.rmSync(chart, { recursive: true, force: true });
    assert.equal(code, 0, 'the server exits cleanly after shutdown and exit');
  });

  const uri = (name: string): string => pathToFileURL(path.join(chart, 'templates', name)).href;

  it('publishes the unknown event on open, with its exact range, code, severity and link', async () => {
    const p = await server.open(uri('job.yaml'), BROKEN);
    assert.equal(p.version, 1);
    assert.equal(p.diagnostics.length, 1);
    const d = p.diagnostics[0];
    assert.equal(d.code, 'unknown-hook-event');
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'helm-hooks');
    assert.deepEqual(d.range, { start: { line: 5, character: 30 }, end: { line: 5, character: 40 } });
    assert.match(d.message as string, /drops this whole resource/);
    assert.match(d.message as string, /"pre-install"/);
    assert.match(d.codeDescription?.href ?? '', /#unknown-hook-event$/);
  });

  it('clears the diagnostic when an incremental edit fixes the event', async () => {
    const p = await server.change(uri('job.yaml'), 2, [{ range: { start: { line: 5, character: 40 }, end: { line: 5, character: 40 } }, text: 'l' }]);
    assert.deepEqual(p.diagnostics, []);
  });

  it('reports again after edits break it, for the last version of a burst', async () => {
    const u = uri('job.yaml');
    const last = server.nextDiagnostics(u, 5);
    const edit = (version: number, text: string): Promise<void> =>
      server.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: u, version },
        contentChanges: [{ range: { start: { line: 6, character: 32 }, end: { line: 6, character: 52 } }, text }],
      });
    await edit(3, 'never-ever-ever-xyz1');
    await edit(4, 'never-ever-ever-xyz2');
    await edit(5, 'never');
    const p = await last;
    assert.deepEqual(
      p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      // "never" alone: unknown, and the default before-hook-creation no longer applies to this fixed name.
      [
        ['unknown-delete-policy', 6, 32, 37],
        ['hook-name-reused', 6, 32, 37],
      ],
    );
  });

  it('clears diagnostics when the document closes', async () => {
    const p = await server.close(uri('job.yaml'));
    assert.deepEqual(p.diagnostics, []);
  });

  it('checks YAML under a chart templates/ folder, and nothing in a YAML file outside a chart', async () => {
    const inChart = await server.open(uri('hook.yaml'), BROKEN, 'yaml');
    assert.deepEqual(inChart.diagnostics.map((d) => d.code), ['unknown-hook-event']);
    const outside = pathToFileURL(path.join(os.tmpdir(), 'not-a-chart', 'templates', 'job.yaml')).href;
    const p = await server.open(outside, BROKEN, 'yaml');
    assert.deepEqual(p.diagnostics, []);
  });

  it('survives broken input of every kind and keeps answering', async () => {
    const inputs = [
      '\u0000\u0001\u0002binary\u0000'.repeat(1000),
      'kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: "{{ if .x }}pre-install\n',
      '{{{{{{ }}}}}} --- \n---\n- - - [ { "\n'.repeat(500),
      '\uD800\uDFFF\uDBFF lone surrogates: { [ "',
      'a: ' + 'x'.repeat(11 * 1024 * 1024),
    ];
    let i = 0;
    for (const text of inputs) {
      const p = await server.open(uri(`broken-${i++}.yaml`), text);
      assert.ok(Array.isArray(p.diagnostics));
    }
    const after = await server.open(uri('after.yaml'), BROKEN);
    assert.deepEqual(after.diagnostics.map((d) => d.code), ['unknown-hook-event']);
    assert.equal(server.proc.exitCode, null, 'the server is still running');
  });

  it('says so instead of checking a file over 10 MB', async () => {
    const p = await server.open(uri('huge.yaml'), 'a: ' + 'x'.repeat(11 * 1024 * 1024));
    assert.equal(p.diagnostics.length, 1);
    assert.equal(p.diagnostics[0].code, 'file-too-large');
    assert.match(p.diagnostics[0].message as string, /over 10 MB/);
  });

  it('applies severity settings from workspace/configuration, including off', async () => {
    server.settings = { diagnostics: { rules: { 'unknown-hook-event': 'off', 'hook-weight-not-integer': 'error' } } };
    const doc = uri('settings.yaml');
    const opened = server.nextDiagnostics(doc, 1);
    await server.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await server.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: doc, languageId: 'helm', version: 1, text: BROKEN.replace('before-hook-creation', 'before-hook-creation\n    helm.sh/hook-weight: "1.5"') },
    });
    const p = await opened;
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['hook-weight-not-integer', 1]]);
    server.settings = {};
  });
});
