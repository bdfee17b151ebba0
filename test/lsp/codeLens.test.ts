import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeLens, InitializeRequest, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { ServerProcess } from './serverProcess';

const hook = (kind: string, name: string, events: string, weight?: string): string =>
  [
    'apiVersion: v1',
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    `    helm.sh/hook: ${events}`,
    ...(weight === undefined ? [] : [`    helm.sh/hook-weight: "${weight}"`]),
    '',
  ].join('\n');

const MIGRATE = '# runs the migration\n' + hook('Job', 'migrate', 'pre-install,pre-upgrade', '-5');

describe('code lenses and chart-wide diagnostics over stdio', function () {
  let server: ServerProcess;
  let chart: string;
  const registrations: { method: string; registerOptions?: unknown }[] = [];
  let watcherRegistered!: () => void;
  const watcher = new Promise<void>((resolve) => (watcherRegistered = resolve));
  let refreshes = 0;

  const file = (rel: string): string => path.join(chart, rel);
  const uri = (rel: string): string => pathToFileURL(file(rel)).href;
  const lenses = (rel: string): Promise<CodeLens[]> => server.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: uri(rel) } });
  const titles = async (rel: string): Promise<string[]> => (await lenses(rel)).map((l) => l.command?.title ?? '');
  const ties = (p: PublishDiagnosticsParams): string[] => p.diagnostics.filter((d) => d.code === 'hook-weight-tie').map((d) => d.message as string);

  before(async () => {
    chart = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-lens-'));
    fs.writeFileSync(file('Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
    fs.mkdirSync(file('templates'));
    fs.writeFileSync(file('templates/migrate.yaml'), MIGRATE);
    fs.writeFileSync(file('templates/settings.yaml'), hook('ConfigMap', 'settings', 'pre-upgrade', '-5'));
    fs.writeFileSync(file('templates/service.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n');
    server = new ServerProcess();
    server.conn.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      registrations.push(...p.registrations);
      if (p.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles')) watcherRegistered();
      return null;
    });
    server.conn.onRequest('workspace/codeLens/refresh', () => {
      refreshes += 1;
      return null;
    });
    const init = await server.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: pathToFileURL(chart).href, name: 'shop' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, codeLens: { refreshSupport: true } },
      },
    });
    assert.deepEqual(init.capabilities.codeLensProvider, { resolveProvider: false });
    await server.conn.sendNotification('initialized', {});
  });

  after(async () => {
    const code = await server.stop();
    fs.rmSync(chart, { recursive: true, force: true });
    assert.equal(code, 0);
  });

  it('registers a watcher for templates and Chart.yaml files', async () => {
    await watcher;
    const watch = registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(watch?.registerOptions, { watchers: [{ globPattern: '**/templates/**' }, { globPattern: '**/Chart.yaml' }] });
  });

  it('puts a lens above each hook object with its place in each event, counting closed files', async () => {
    const p = await server.open(uri('templates/migrate.yaml'), MIGRATE);
    const ls = await lenses('templates/migrate.yaml');
    assert.equal(ls.length, 1);
    assert.deepEqual(ls[0].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, 'above apiVersion, after the comment');
    assert.equal(ls[0].command?.title, 'pre-install: 1st of 1 · pre-upgrade: 1st of 2');
    assert.equal(ls[0].command?.command, 'helmHooks.showExecutionPlan');
    assert.deepEqual(ls[0].command?.arguments, [uri('templates/migrate.yaml')]);
    // The tie with the closed settings.yaml (same weight on pre-upgrade) is published with the document.
    assert.equal(ties(p).length, 1);
    assert.match(ties(p)[0], /^2 hooks share weight -5 on pre-upgrade; this one runs 1st, before "settings" \(ConfigMap, templates\/settings\.yaml\), by metadata\.name/);
    const d = p.diagnostics.find((x) => x.code === 'hook-weight-tie')!;
    assert.equal(d.severity, 3);
    assert.deepEqual(d.range, { start: { line: 7, character: 25 }, end: { line: 7, character: 29 } });
    assert.match(d.codeDescription?.href ?? '', /#hook-weight-tie$/);
  });

  it('follows a closed file changed on disk (didChangeWatchedFiles): diagnostics, lens refresh and lenses', async () => {
    const before = refreshes;
    const republished = server.nextDiagnostics(uri('templates/migrate.yaml'));
    fs.writeFileSync(file('templates/settings.yaml'), hook('ConfigMap', 'settings', 'pre-upgrade', '-10'));
    await server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('templates/settings.yaml'), type: 2 }] });
    assert.deepEqual(ties(await republished), [], 'no tie any more');
    assert.deepEqual(await titles('templates/migrate.yaml'), ['pre-install: 1st of 1 · pre-upgrade: 2nd of 2']);
    assert.ok(refreshes > before, 'asked the editor to refresh its lenses');
  });

  it('sees files created and deleted on disk', async () => {
    fs.writeFileSync(file('templates/zz-first.yaml'), hook('Job', 'aaa-first', 'pre-install', '-100'));
    await server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('templates/zz-first.yaml'), type: 1 }] });
    assert.deepEqual(await titles('templates/migrate.yaml'), ['pre-install: 2nd of 2 · pre-upgrade: 2nd of 2']);
    fs.rmSync(file('templates/zz-first.yaml'));
    await server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('templates/zz-first.yaml'), type: 3 }] });
    assert.deepEqual(await titles('templates/migrate.yaml'), ['pre-install: 1st of 1 · pre-upgrade: 2nd of 2']);
  });

  it('an edit in another open document moves this one\'s hooks and rechecks its diagnostics', async () => {
    const settings = hook('ConfigMap', 'settings', 'pre-upgrade', '-10');
    await server.open(uri('templates/settings.yaml'), settings);
    const republished = server.nextDiagnostics(uri('templates/migrate.yaml'));
    // Unsaved: the editor's text wins over the disk.
    await server.change(uri('templates/settings.yaml'), 2, [{ text: settings.replace('"-10"', '"-5"') }]);
    assert.equal(ties(await republished).length, 1, 'the tie is back');
    assert.deepEqual(await titles('templates/migrate.yaml'), ['pre-install: 1st of 1 · pre-upgrade: 1st of 2']);
    assert.deepEqual(await titles('templates/settings.yaml'), ['pre-upgrade: 2nd of 2']);
    // Closing without saving: the disk's weight -10 again.
    const again = server.nextDiagnostics(uri('templates/migrate.yaml'));
    await server.close(uri('templates/settings.yaml'));
    assert.deepEqual(ties(await again), []);
  });

  it('shows where Helm drops a hook, and has no lens for objects that are not hooks', async () => {
    const typo = hook('Job', 'typo', 'post-instal');
    await server.open(uri('templates/typo.yaml'), typo);
    assert.deepEqual(await titles('templates/typo.yaml'), ['Not run: Helm drops this resource (unknown or empty event)']);
    await server.open(uri('templates/service.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n');
    assert.deepEqual(await lenses('templates/service.yaml'), []);
    await server.open('untitled:Untitled-1', MIGRATE);
    assert.deepEqual(await server.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: 'untitled:Untitled-1' } }), []);
  });

  it('a new, unsaved template joins the order while it is open', async () => {
    const text = hook('Job', 'aaa', 'pre-install', '-5');
    await server.open(uri('templates/new.yaml'), text);
    assert.deepEqual(await titles('templates/new.yaml'), ['pre-install: 1st of 2']);
    assert.deepEqual(await titles('templates/migrate.yaml'), ['pre-install: 2nd of 2 · pre-upgrade: 2nd of 2']);
    await server.close(uri('templates/new.yaml'));
    assert.deepEqual(await titles('templates/migrate.yaml'), ['pre-install: 1st of 1 · pre-upgrade: 2nd of 2']);
  });

  it('applies the severity setting and disable comments to the tie', async () => {
    const text = hook('Job', 'b-tied', 'pre-install', '-5');
    // Rechecks from the previous tests may still be on their way: wait for the one that sees this tie.
    const migrateTied = server.nextDiagnostics(uri('templates/migrate.yaml'), undefined, 5000, (d) => ties(d).some((m) => m.includes('templates/tied.yaml')));
    const p = await server.open(uri('templates/tied.yaml'), text);
    assert.equal(ties(p).length, 1);
    assert.equal(ties(await migrateTied).length, 1, 'the other side of the tie is rechecked');
    const muted = await server.change(uri('templates/tied.yaml'), 2, [{ text: `# helm-hooks-disable-file hook-weight-tie\n${text}` }]);
    assert.deepEqual(ties(muted), []);
    server.settings = { diagnostics: { rules: { 'hook-weight-tie': 'warning' } } };
    const raised = server.nextDiagnostics(uri('templates/migrate.yaml'));
    await server.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const d = (await raised).diagnostics.filter((x) => x.code === 'hook-weight-tie');
    assert.deepEqual(d.map((x) => x.severity), [2]);
    server.settings = {};
  });
});
