import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { request } from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { find, label, releaseRow, rows } from '../releaseRows';
import { activeExtension, say, screenshot, waitFor } from '../util';

// Runs in the `cluster` mode (scripts/host/run.mjs), after releases.test.ts: while the view is open, the real helm
// installs a release from outside the extension, as a terminal or CI would. Its pre-install Job prints numbered
// lines and fails; `helm.sh/hook-delete-policy: hook-failed` has Helm delete it, and its pods with it. The
// capture (issue 14) kept what the hook printed: Show Hook Logs on its row shows it.
interface Seed {
  helm: Record<'3' | '4', string>;
  server: string;
  api: { caFile: string; token: string };
}
const cluster = JSON.parse(process.env.HELM_HOOKS_HOST_CLUSTER ?? 'null') as Seed | null;

const RELEASE = 'view-capture';
const NAMESPACE = 'hh-view-capture';
const LINES = 30;
const HOOK = `${RELEASE}-migrate`;

/** One call to the local cluster's API as admin: status and parsed JSON. */
function api(method: string, apiPath: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const c = cluster!;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(apiPath, c.server),
      { method, ca: fs.readFileSync(c.api.caFile), headers: { authorization: `Bearer ${c.api.token}`, accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}) }, timeout: 15_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${apiPath} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** A namespace pods can be created in: its default ServiceAccount has its token. */
async function createNamespace(name: string): Promise<void> {
  const r = await api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  assert.ok(r.status === 201 || r.status === 409, `creating namespace ${name}: ${r.status}`);
  await waitFor(`ServiceAccount ${name}/default`, async () => {
    const sa = await api('GET', `/api/v1/namespaces/${name}/serviceaccounts/default`);
    return sa.status === 200 && Array.isArray(sa.json.secrets) && sa.json.secrets.length > 0 ? true : undefined;
  }, 60_000, 250);
}

/** The real helm, run from outside the extension with its own empty home, against the host's kubeconfig. */
function helm(binary: string, args: string[]): Promise<{ code: number; output: string }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-capture-helm-'));
  const env = { PATH: process.env.PATH, HOME: home, KUBECONFIG: process.env.KUBECONFIG, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data'), NO_PROXY: '127.0.0.1,localhost' };
  return new Promise((resolve) => {
    execFile(binary, args, { env, timeout: 180_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      fs.rmSync(home, { recursive: true, force: true });
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** Runs Show Hook Logs on a row until its document says `done` (the capture is written in batches). */
async function showLogsUntil(row: { item: vscode.TreeItem }, done: (text: string) => boolean): Promise<string> {
  let last = '';
  await waitFor('Show Hook Logs to show the capture', async () => {
    const command = row.item.command;
    assert.ok(command, 'the hook row runs a command');
    await vscode.commands.executeCommand(command.command, ...((command.arguments ?? []) as unknown[]));
    const doc = vscode.window.activeTextEditor?.document;
    last = doc?.uri.scheme === 'helm-hooks-logs' ? doc.getText() : '';
    return done(last) || undefined;
  }, 30_000, 500).catch((e: Error) => {
    throw new Error(`${e.message}; the document read:\n${last}`);
  });
  return last;
}

const expectedLines = Array.from({ length: LINES }, (_, i) => `migrate line ${i + 1}`);

describe('hook logs captured while the hook ran', function () {
  this.timeout(240_000);
  before(async function () {
    if (cluster === null) throw new Error('HELM_HOOKS_HOST_CLUSTER is not set: run through scripts/host/run.mjs (cluster mode)');
    const { releases } = (await activeExtension()).exports;
    await vscode.commands.executeCommand('workbench.view.extension.helmHooks');
    await waitFor('the release view connected', async () => (await rows(releases)).find((r) => r.item.contextValue === 'helmHooks.context'), 30_000, 100);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a Job hook helm runs from outside fails and hook-failed deletes it: Show Hook Logs shows every line it printed', async () => {
    const { releases } = (await activeExtension()).exports;
    await createNamespace(NAMESPACE);
    const chart = path.join(process.env.HELM_HOOKS_REPO ?? '', 'test', 'cluster', 'fixtures', 'charts', 'hooks-capture');
    const installed = await helm(cluster!.helm['3'], ['install', RELEASE, chart, '--namespace', NAMESPACE, '--set', 'migrateExit=3', '--set', `migrateLines=${LINES}`, '--set', 'pause=0.1', '--timeout', '120s']);
    assert.notEqual(installed.code, 0, `the install was to fail on its pre-install hook:\n${installed.output}`);
    assert.match(installed.output, /pre-install/);

    // Helm deleted the Job (hook-failed); the garbage collector removes its pods after it.
    const t0 = Date.now();
    await waitFor('the hook\'s pods to be deleted', async () => {
      const pods = await api('GET', `/api/v1/namespaces/${NAMESPACE}/pods?labelSelector=${encodeURIComponent(`job-name=${HOOK}`)}`);
      return pods.status === 200 && Array.isArray(pods.json.items) && pods.json.items.length === 0 ? true : undefined;
    }, 120_000, 250);
    const job = await api('GET', `/apis/batch/v1/namespaces/${NAMESPACE}/jobs/${HOOK}`);
    assert.equal(job.status, 404, 'Helm deleted the hook Job');
    say(`      pods gone ${Date.now() - t0} ms after helm returned`);

    const rel = await releaseRow(releases, NAMESPACE, RELEASE);
    const preInstall = await find(releases, rel, 'pre-install', 'the pre-install event');
    const hook = await waitFor('the hook row, failed', async () => (await rows(releases, preInstall)).find((r) => label(r) === `Job/${HOOK}` && /Failed/.test(String(r.item.description))), 30_000, 200);
    const text = await showLogsUntil(hook, (t) => /Helm deleted the Job/.test(t) && /the pods were deleted at/.test(t) && t.includes(`migrate line ${LINES}\n`));
    await screenshot('hook-logs-captured');
    say(text.split('\n').slice(0, 4).map((l) => `      ${l}`).join('\n'));

    assert.match(text, new RegExp(`^# Job/${HOOK}: pre-install hook of release ${RELEASE} \\(namespace ${NAMESPACE}, revision 1\\), last run Failed$`, 'm'));
    assert.match(text, /^# Captured while it ran; the pods were deleted at (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.$/m);
    assert.match(text, /^# Helm deleted the Job after it failed \(hook-failed\), at (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.$/m);
    assert.match(text, /^# Why: .*exited with code 3/m);
    assert.match(text, /^## pod view-capture-migrate-\w+, container migrate: exit code 3/m);
    // Every line, in order, and nothing in between but what the hook printed.
    const printed = text.split('\n').filter((l) => l.startsWith('migrate line '));
    assert.deepEqual(printed, expectedLines);
    assert.match(text, /migrate line 30\nmigrate: exiting 3\n/);
  });

  it('Show Captured Hook Runs lists the run by release and opens the same capture', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    let settled = false;
    const picking = vscode.commands.executeCommand<{ key: { release: string; hookName: string } } | undefined>('helmHooks.showCapturedRuns').then((m) => {
      settled = true;
      return m;
    });
    // The newest run is on top: accept it once the picker is up.
    await waitFor('the captured run picked', async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled || undefined;
    }, 30_000, 250);
    const meta = await picking;
    assert.equal(meta?.key.release, RELEASE);
    assert.equal(meta?.key.hookName, HOOK);
    const doc = await waitFor('the captured document', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.uri.scheme === 'helm-hooks-logs' ? d : undefined;
    }, 10_000, 100);
    assert.match(doc.getText(), /^# Captured while it ran; the pods were deleted at /m);
    assert.deepEqual(
      doc
        .getText()
        .split('\n')
        .filter((l) => l.startsWith('migrate line ')),
      expectedLines,
    );
  });

  it('the lens over the hook in its chart template opens the same capture', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The chart helm installed, as a user would have it in the workspace.
    const chart = path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', 'charts-from-cluster', 'hooks-capture');
    if (!fs.existsSync(path.join(chart, 'Chart.yaml'))) fs.cpSync(path.join(process.env.HELM_HOOKS_REPO ?? '', 'test', 'cluster', 'fixtures', 'charts', 'hooks-capture'), chart, { recursive: true });
    const uri = vscode.Uri.file(path.join(chart, 'templates', 'pre-install-migrate.yaml'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const lens = await waitFor('a Show logs lens over the failed hook', async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      return lenses.find((l) => l.command?.title === 'Show logs');
    }, 30_000, 200);
    await vscode.commands.executeCommand(lens.command!.command, ...((lens.command!.arguments ?? []) as unknown[]));
    const doc = await waitFor('the captured document from the lens', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.uri.scheme === 'helm-hooks-logs' && /Captured while it ran/.test(d.getText()) ? d : undefined;
    }, 30_000, 100);
    assert.match(doc.getText(), new RegExp(`release ${RELEASE} \\(namespace ${NAMESPACE}, revision 1\\), last run Failed`));
    assert.deepEqual(
      doc
        .getText()
        .split('\n')
        .filter((l) => l.startsWith('migrate line ')),
      expectedLines,
    );
  });
});
