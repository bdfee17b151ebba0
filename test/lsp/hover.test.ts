import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Hover, HoverRequest, MarkupContent } from 'vscode-languageserver/node';
import { ServerProcess } from './serverProcess';

const job = (name: string, annotations: string[]): string[] => ['apiVersion: batch/v1', 'kind: Job', 'metadata:', `  name: ${name}`, '  annotations:', ...annotations.map((a) => `    ${a}`)];

const FILE = [
  ...job('db-init', ['helm.sh/hook: pre-upgrade', 'helm.sh/hook-weight: "-10"']),
  '---',
  ...job('migrate', ['helm.sh/hook: pre-install,pre-upgrade', 'helm.sh/hook-weight: "1.5"']),
  '---',
  ...job('notify', ['helm.sh/hook: pre-upgrade,post-install', 'helm.sh/hook-weight: "5"']),
  '',
].join('\n');

describe('language server: hover', function () {
  let server: ServerProcess;
  const uri = pathToFileURL(path.join(os.tmpdir(), 'helm-hooks-hover', 'templates', 'hooks.yaml')).href;

  before(async () => {
    server = new ServerProcess();
    const init = await server.initialize();
    assert.equal(init.capabilities.hoverProvider, true);
    await server.open(uri, FILE);
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  const hover = (line: number, character: number): Promise<Hover | null> => server.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  const text = (h: Hover | null): string => (h?.contents as MarkupContent).value;

  it('explains helm.sh/hook and gives the object\'s place in each event, with the key as the range', async () => {
    const h = await hover(13, 8);
    assert.ok(h);
    assert.equal((h.contents as MarkupContent).kind, 'markdown');
    assert.deepEqual(h.range, { start: { line: 13, character: 4 }, end: { line: 13, character: 16 } });
    assert.match(text(h), /- pre-install: the only hook in this file/);
    assert.match(text(h), /- pre-upgrade: 2nd of 3 in this file, after `db-init` \(weight -10\), before `notify` \(weight 5\)/);
  });

  it('explains a value: the event under the cursor, and a weight Helm cannot parse', async () => {
    const ev = await hover(13, 32);
    assert.deepEqual(ev?.range, { start: { line: 13, character: 30 }, end: { line: 13, character: 41 } });
    assert.match(text(ev), /On `helm upgrade`[\s\S]*2nd of 3 in this file/);
    assert.match(text(await hover(14, 26)), /cannot parse "1\.5".*weight \*\*0\*\*/);
  });

  it('answers null off helm.sh/ annotations', async () => {
    assert.equal(await hover(1, 2), null);
    assert.equal(await hover(3, 9), null);
  });
});

describe('language server: hover across the chart', function () {
  let server: ServerProcess;
  let chart: string;

  before(async () => {
    chart = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-hover-chart-'));
    fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
    fs.mkdirSync(path.join(chart, 'templates'));
    // A closed file of the same chart: its hook runs first on pre-upgrade.
    fs.writeFileSync(path.join(chart, 'templates', 'db-init.yaml'), job('db-init', ['helm.sh/hook: pre-upgrade', 'helm.sh/hook-weight: "-10"']).join('\n') + '\n');
    server = new ServerProcess();
    await server.initialize();
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
    fs.rmSync(chart, { recursive: true, force: true });
  });

  it('places the hook among the hooks of every template of its chart, closed files included', async () => {
    const uri = pathToFileURL(path.join(chart, 'templates', 'migrate.yaml')).href;
    await server.open(uri, job('migrate', ['helm.sh/hook: pre-upgrade', 'helm.sh/hook-weight: "3"']).join('\n') + '\n');
    const h = await server.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character: 8 } });
    assert.match((h?.contents as MarkupContent).value, /pre-upgrade: 2nd of 2 in this chart, after `db-init` \(weight -10, shop\/templates\/db-init\.yaml\)/);
  });
});
