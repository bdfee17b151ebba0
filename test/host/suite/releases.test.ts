import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { find, label, Row, rows } from '../releaseRows';
import { activeExtension, recordMetric, say, screenshot, waitFor } from '../util';

// Runs in the `cluster` mode of scripts/host/run.mjs: KUBECONFIG points at the local cluster, which the real
// helm 3 and helm 4 seeded (scripts/host/cluster.mjs): view-ok (all hooks passed) and view-fail (its upgrade
// failed on the post-upgrade hook).
interface Seed {
  seed: Record<'ok' | 'failed' | 'noPods' | 'atomic', { release: string; namespace: string; helm: number }>;
  server: string;
}
const cluster = JSON.parse(process.env.HELM_HOOKS_HOST_CLUSTER ?? 'null') as Seed | null;

/** The row of the seeded helm 4 release's failed post-upgrade hook, reached as a user expands the view. */
async function failedHook(): Promise<Row> {
  const { releases } = (await activeExtension()).exports;
  const s = cluster!.seed.failed;
  const context = (await rows(releases)).find((r) => r.item.contextValue === 'helmHooks.context');
  const ns = await find(releases, context, s.namespace, `namespace ${s.namespace}`);
  const rel = await find(releases, ns, s.release, `release ${s.release}`);
  const postUpgrade = (await rows(releases, rel)).find((r) => label(r) === 'post-upgrade');
  assert.ok(postUpgrade, 'the post-upgrade event is listed');
  const [hook] = await rows(releases, postUpgrade);
  return hook;
}

describe('release view against the local cluster', function () {
  this.timeout(120_000);
  before(function () {
    if (cluster === null) throw new Error('HELM_HOOKS_HOST_CLUSTER is not set: run through scripts/host/run.mjs (cluster mode)');
  });

  it('loads the cluster layer only when the view opens, and lists the releases helm made', async () => {
    const ext = await activeExtension();
    const { releases } = ext.exports;
    assert.equal(ext.exports.clusterLoaded(), false, 'the cluster layer loaded before the view opened');
    const t0 = Date.now();
    await vscode.commands.executeCommand('workbench.view.extension.helmHooks');
    const context = await waitFor('the context row', async () => (await rows(releases)).find((r) => r.item.contextValue === 'helmHooks.context'), 30_000, 100);
    recordMetric('releaseViewFirstRowsMs', Date.now() - t0);
    assert.ok(ext.exports.clusterLoaded(), 'opening the view loads the cluster layer');
    assert.match(String(context.item.description), new RegExp(cluster!.server.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const namespaces = (await rows(releases, context)).map(label);
    for (const s of Object.values(cluster!.seed)) assert.ok(namespaces.includes(s.namespace), `namespace ${s.namespace} listed (got ${namespaces.join(', ')})`);
    say(`      view rows after ${Date.now() - t0} ms: ${namespaces.join(', ')}`);
  });

  it('shows a passed release with its hooks in Helm order and their last run', async () => {
    const { releases } = (await activeExtension()).exports;
    const s = cluster!.seed.ok;
    const context = (await rows(releases)).find((r) => r.item.contextValue === 'helmHooks.context');
    const ns = await find(releases, context, s.namespace, `namespace ${s.namespace}`);
    const rel = await find(releases, ns, s.release, `release ${s.release}`);
    assert.match(String(rel.item.description), /^deployed · rev 1/);
    const events = await rows(releases, rel);
    assert.deepEqual(events.map(label), ['pre-install', 'post-upgrade', 'test'], 'events in lifecycle order');
    const [preInstall] = await rows(releases, events[0]);
    assert.equal(label(preInstall), `Job/${s.release}-pre-install`);
    assert.match(String(preInstall.item.description), /Succeeded · \d+(\.\d+)? (ms|s)/);
    assert.equal((preInstall.item.iconPath as vscode.ThemeIcon).id, 'pass');
    const [postUpgrade] = await rows(releases, events[1]);
    assert.match(String(postUpgrade.item.description), /not run/, 'a hook that never ran says so');
  });

  it('says a release was rolled back after a failed upgrade, and lists that revision first with its run under pre-upgrade only', async () => {
    const { releases } = (await activeExtension()).exports;
    const s = cluster!.seed.atomic;
    const context = (await rows(releases)).find((r) => r.item.contextValue === 'helmHooks.context');
    const ns = await find(releases, context, s.namespace, `namespace ${s.namespace}`);
    // The row learns of the rollback once both records are decoded: read it again until it says so.
    const rel = await waitFor('the rolled-back release row', async () => {
      const r = (await rows(releases, ns)).find((x) => label(x) === s.release);
      return r !== undefined && /rolled back/.test(String(r.item.description)) ? r : undefined;
    }, 30_000, 200);
    assert.match(String(rel.item.description), new RegExp(`^deployed · rev 4 · rolled back after rev 3 failed: pre-upgrade hook ${s.release}-migrate failed`));
    const children = await rows(releases, rel);
    const [failedRev] = children;
    assert.equal(label(failedRev), 'rev 3', 'the failed revision is listed first');
    assert.equal(failedRev.item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    const events = await rows(releases, failedRev);
    const byName = new Map(events.map((e) => [label(e), e]));
    assert.match(String(byName.get('pre-install')?.item.description), /not run by this upgrade/);
    assert.match(String(byName.get('pre-upgrade')?.item.description), /1 failed/);
    const [migrate] = await rows(releases, byName.get('pre-upgrade'));
    assert.equal(migrate.item.contextValue, 'helmHooks.hook.failed');
    const [notRun] = await rows(releases, byName.get('pre-install'));
    assert.match(String(notRun.item.description), /not run/);
    // The rollback's own rows: its copies of revision 2's runs are not shown as its runs.
    const ownPreUpgrade = children.find((r) => label(r) === 'pre-upgrade');
    assert.match(String(ownPreUpgrade?.item.description), /not run by this rollback/);
    await screenshot('release-view-rolled-back');
  });

  it('shows a failed release with Helm\'s failure text and the failed hook standing out', async () => {
    const { releases } = (await activeExtension()).exports;
    const s = cluster!.seed.failed;
    const context = (await rows(releases)).find((r) => r.item.contextValue === 'helmHooks.context');
    const ns = await find(releases, context, s.namespace, `namespace ${s.namespace}`);
    const rel = await find(releases, ns, s.release, `release ${s.release}`);
    assert.match(String(rel.item.description), /^failed · rev 2/);
    assert.equal((rel.item.iconPath as vscode.ThemeIcon).id, 'error');
    assert.equal(rel.item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded, 'a failed release opens on its hooks');
    const children = await rows(releases, rel);
    const failure = children.find((r) => r.item.contextValue === 'helmHooks.note.error');
    assert.ok(failure, 'a row with Helm\'s failure text');
    assert.match(label(failure), /post-upgrade hooks failed|failed post-upgrade|not ready|BackoffLimitExceeded/);
    const postUpgrade = children.find((r) => label(r) === 'post-upgrade');
    assert.ok(postUpgrade, 'the post-upgrade event is listed');
    const [hook] = await rows(releases, postUpgrade);
    assert.equal(hook.item.contextValue, 'helmHooks.hook.failed');
    assert.match(String(hook.item.description), /Failed/);
    assert.equal((hook.item.iconPath as vscode.ThemeIcon).id, 'error');
    const tip = hook.item.tooltip as vscode.MarkdownString;
    assert.match(tip.value, /post\\-upgrade hook 1 of 1/);
    // The install before the failed upgrade is in the history, with Helm's own description of it.
    const history = children.find((r) => r.item.contextValue === 'helmHooks.history');
    assert.ok(history, 'a History row');
    assert.equal(history.item.description, '1 stored revision');
    const rev1 = await waitFor('revision 1 described', async () => {
      const [r] = await rows(releases, history);
      return r !== undefined && /Install complete/.test(String(r.item.description)) ? r : undefined;
    }, 20_000, 100);
    assert.equal(label(rev1), 'rev 1');
    const rev1Events = (await rows(releases, rev1)).map(label);
    assert.ok(rev1Events.includes('pre-install'), `revision 1 shows its own hooks (got ${rev1Events.join(', ')})`);
    await screenshot('release-view-failed-hook');
  });

  it('shows a hook\'s stored manifest read-only, and opens its template in the workspace', async () => {
    const s = cluster!.seed.failed;
    const hook = await failedHook();
    await vscode.commands.executeCommand('helmHooks.showHookManifest', hook.node);
    const shown = await waitFor('the manifest editor', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.uri.scheme === 'helm-hooks-manifest' ? d : undefined;
    });
    assert.match(shown.getText(), new RegExp(`kind: Job[\\s\\S]*name: ${s.release}-post-upgrade`));
    assert.match(shown.getText(), /revision 2/);
    assert.equal(shown.languageId, 'yaml');

    // The chart helm installed, as a user would have it in the workspace.
    const fs = await import('node:fs');
    const path = await import('node:path');
    const repo = process.env.HELM_HOOKS_REPO ?? '';
    const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    fs.cpSync(path.join(repo, 'test', 'cluster', 'fixtures', 'charts', 'hooks-smoke'), path.join(ws, 'charts-from-cluster', 'hooks-smoke'), { recursive: true });
    await vscode.commands.executeCommand('helmHooks.openHookTemplate', hook.node);
    const template = await waitFor('the template editor', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.uri.scheme === 'file' && d.uri.fsPath.endsWith(path.join('hooks-smoke', 'templates', 'post-upgrade-job.yaml')) ? d : undefined;
    });
    assert.match(template.getText(), /helm\.sh\/hook: post-upgrade/);
  });

  it('opens a failed hook\'s logs with one click: exit code and what the hook printed', async () => {
    const hook = await failedHook();
    assert.equal(hook.item.command?.command, 'helmHooks.showHookLogs', 'clicking a failed hook shows its logs');
    await vscode.commands.executeCommand(hook.item.command.command, ...((hook.item.command.arguments ?? []) as unknown[]));
    const logs = await waitFor('the logs with the hook\'s output', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.uri.scheme === 'helm-hooks-logs' && /table users is locked/.test(d.getText()) ? d : undefined;
    }, 30_000, 100);
    const text = logs.getText();
    assert.match(text, new RegExp(`revision 2\\), last run Failed`));
    assert.match(text, /container migrate: exit code 3/);
    assert.match(text, /migrating schema to revision 2/);
    await screenshot('hook-logs');
  });

  it('a hook Job that never got a pod: one click names the cluster\'s cause, and does not blame the delete policy', async () => {
    const { releases } = (await activeExtension()).exports;
    const s = cluster!.seed.noPods;
    const context = (await rows(releases)).find((r) => r.item.contextValue === 'helmHooks.context');
    const ns = await find(releases, context, s.namespace, `namespace ${s.namespace}`);
    const rel = await find(releases, ns, s.release, `release ${s.release}`);
    const preInstall = (await rows(releases, rel)).find((r) => label(r) === 'pre-install');
    assert.ok(preInstall, 'the pre-install event is listed');
    const [hook] = await rows(releases, preInstall);
    assert.equal(hook.item.contextValue, 'helmHooks.hook.failed');
    assert.equal(hook.item.command?.command, 'helmHooks.showHookLogs', 'clicking the failed hook shows its logs');
    await vscode.commands.executeCommand(hook.item.command.command, ...((hook.item.command.arguments ?? []) as unknown[]));
    const doc = await waitFor('the logs document with its explanation', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.uri.scheme === 'helm-hooks-logs' && /# Why:/.test(d.getText()) ? d : undefined;
    }, 30_000, 100);
    const text = doc.getText();
    say(`      ${text.split('\n').find((l) => l.startsWith('# Why:')) ?? ''}`);
    assert.match(text, new RegExp(`# Why: Job ${s.release}-migrate could not create any pod: .*serviceaccount "${s.release}-missing" not found \\(FailedCreate`));
    assert.doesNotMatch(text, /before-hook-creation|Helm deletes the hook|pods are gone/);
    // It ran before this window opened (the host's seeding): nothing was captured, and the document says so.
    assert.match(text, /# Not captured: no Helm Hooks window was watching this cluster while it ran\./);
    // The row says it too, once the explanation has arrived.
    const explained = await waitFor('the row\'s explanation', async () => {
      const [h] = await rows(releases, preInstall);
      return /could not create any pod/.test(String(h.item.description)) ? h : undefined;
    }, 30_000, 200);
    assert.match(String(explained.item.description), /Failed/);
  });

  it('filters by namespace and switches back to all namespaces', async () => {
    const { releases } = (await activeExtension()).exports;
    const s = cluster!.seed.ok;
    const config = vscode.workspace.getConfiguration('helmHooks');
    await config.update('namespace', s.namespace, vscode.ConfigurationTarget.Global);
    try {
      const context = await waitFor('the filtered context row', async () => (await rows(releases)).find((r) => r.item.contextValue === 'helmHooks.context' && String(r.item.description).startsWith(`namespace ${s.namespace}`)), 30_000, 100);
      const namespaces = await waitFor('only the filtered namespace', async () => {
        const ns = (await rows(releases, context)).map(label);
        return ns.length === 1 ? ns : undefined;
      }, 30_000, 200);
      assert.deepEqual(namespaces, [s.namespace]);
    } finally {
      await config.update('namespace', undefined, vscode.ConfigurationTarget.Global);
    }
    const context = await waitFor('the unfiltered context row', async () => (await rows(releases)).find((r) => r.item.contextValue === 'helmHooks.context' && String(r.item.description).startsWith('all namespaces')), 30_000, 100);
    const all = await waitFor('both namespaces again', async () => {
      const ns = (await rows(releases, context)).map(label);
      return Object.values(cluster!.seed).every((x) => ns.includes(x.namespace)) ? ns : undefined;
    }, 30_000, 200);
    assert.ok(all.length >= 2);
  });

  it('says clearly when the cluster cannot be reached, and recovers on Retry', async () => {
    const { releases } = (await activeExtension()).exports;
    const config = vscode.workspace.getConfiguration('helmHooks');
    // A kubeconfig whose server is a closed port: the same as a cluster that is down.
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hh-kubeconfig-'));
    const file = path.join(dir, 'down.kubeconfig');
    fs.writeFileSync(
      file,
      ['apiVersion: v1', 'kind: Config', 'clusters:', '- name: down', '  cluster: {server: "https://127.0.0.1:9"}', 'users:', '- name: u', '  user: {token: t}', 'contexts:', '- name: down', '  context: {cluster: down, user: u}', 'current-context: down', ''].join('\n'),
    );
    await config.update('kubeconfig', file, vscode.ConfigurationTarget.Global);
    try {
      const error = await waitFor('the error row', async () => (await rows(releases)).find((r) => r.item.contextValue === 'helmHooks.message.error'), 30_000, 100);
      assert.match(label(error), /Cannot reach cluster https:\/\/127\.0\.0\.1:9/);
      assert.equal(error.item.command?.command, 'helmHooks.refreshReleases', 'the error row retries when clicked');
      assert.equal(error.item.description, 'Retry');
    } finally {
      await config.update('kubeconfig', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await vscode.commands.executeCommand('helmHooks.refreshReleases');
    await waitFor('the context row again', async () => (await rows(releases)).find((r) => r.item.contextValue === 'helmHooks.context'), 30_000, 100);
  });
});
