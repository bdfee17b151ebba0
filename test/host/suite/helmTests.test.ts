import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { label, releaseRow, Row, rows } from '../releaseRows';
import { activeExtension, waitFor } from '../util';

// Runs in the `cluster` mode, with the real helm 3 and 4 that seeded the local cluster (scripts/host/cluster.mjs):
// view-ok (hooks-smoke chart, its test passes) and view-tests (helm-tests chart, its db-check Job test fails).
interface Seed {
  seed: Record<'ok' | 'tests', { release: string; namespace: string; helm: 3 | 4 }>;
  helm: Record<'3' | '4', string>;
}
const cluster = JSON.parse(process.env.HELM_HOOKS_HOST_CLUSTER ?? 'null') as Seed | null;

/** What helmHooks.runHelmTests resolves with (the parts these tests read). */
interface HelmTestResult {
  outcome: { status: string; summary: string };
  collected: { hook: { name: string }; containers: { log: string }[] }[];
}

async function useHelm(path: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('helmHooks').update('helmPath', path, vscode.ConfigurationTarget.Global);
}

/** The `test` event row of a release, and its hook rows. */
async function testRows(release: Row): Promise<{ event: Row; hooks: Row[] }> {
  const { releases } = (await activeExtension()).exports;
  const event = (await rows(releases, release)).find((r) => label(r) === 'test');
  assert.ok(event, 'the release lists its test hooks');
  return { event, hooks: await rows(releases, event) };
}

describe('Run Helm Tests against the local cluster', function () {
  this.timeout(180_000);
  before(async function () {
    if (cluster === null) throw new Error('HELM_HOOKS_HOST_CLUSTER is not set: run through scripts/host/run.mjs (cluster mode)');
    await vscode.commands.executeCommand('workbench.view.extension.helmHooks');
  });
  after(() => useHelm(undefined));

  it('on a release row: a failing run names the failing test and its last words, and the tree shows the new phases', async () => {
    const { releases } = (await activeExtension()).exports;
    const s = cluster!.seed.tests;
    await useHelm(cluster!.helm[s.helm]);
    const release = await releaseRow(releases, s.namespace, s.release);
    assert.ok(String(release.item.contextValue).startsWith('helmHooks.release.'), 'the row offers Run Helm Tests');
    const before = await testRows(release);
    assert.ok(before.hooks.every((h) => /not run/.test(String(h.item.description))), 'no test has run yet');

    const result = await vscode.commands.executeCommand<HelmTestResult>('helmHooks.runHelmTests', release.node);
    assert.equal(result.outcome.status, 'failed', result.outcome.summary);
    assert.match(result.outcome.summary, /view-tests-db-check failed \(1 of 2 tests passed\)/);
    assert.match(result.outcome.summary, /exit code 2\): FATAL: password authentication failed for user app/);
    // The Job test's logs, which `helm test --logs` would not show.
    const db = result.collected.find((t) => t.hook.name === 'view-tests-db-check');
    assert.match(db?.containers[0].log ?? '', /connecting to db/);

    // The release record changed; the view follows it through its watch.
    await waitFor('the test hooks\' new phases in the view', async () => {
      const { hooks } = await testRows(await releaseRow(releases, s.namespace, s.release));
      const phases = hooks.map((h) => `${label(h)} ${String(h.item.description)}`);
      return phases.some((p) => /Job\/view-tests-db-check .*Failed/.test(p)) && phases.some((p) => /Pod\/view-tests-smoke .*Succeeded/.test(p)) ? phases : undefined;
    }, 30_000, 250);
  });

  it('on one test hook row: runs only that test (--filter name=)', async () => {
    const { releases } = (await activeExtension()).exports;
    const s = cluster!.seed.tests;
    await useHelm(cluster!.helm[s.helm]);
    const { hooks } = await testRows(await releaseRow(releases, s.namespace, s.release));
    const smoke = hooks.find((h) => label(h) === 'Pod/view-tests-smoke');
    assert.ok(smoke, 'the smoke test row');
    assert.match(String(smoke.item.contextValue), /\.test$/, 'the row offers Run This Helm Test');
    const result = await vscode.commands.executeCommand<HelmTestResult>('helmHooks.runHelmTest', smoke.node);
    assert.equal(result.outcome.status, 'passed', result.outcome.summary);
    assert.equal(result.outcome.summary, `helm test view-tests (namespace ${s.namespace}): 1 test passed.`);
    assert.deepEqual(result.collected.map((t) => t.hook.name), ['view-tests-smoke']);
    assert.deepEqual(result.collected[0].containers.map((c) => c.log), ['config is ready\n', 'smoke test starting\nsmoke test passed\n']);
  });

  it('from the command palette: the release is picked, and helm 3 runs it', async () => {
    const s = cluster!.seed.ok;
    await useHelm(cluster!.helm[s.helm]);
    let settled = false;
    const running = vscode.commands.executeCommand<HelmTestResult>('helmHooks.runHelmTests').then((r) => {
      settled = true;
      return r;
    });
    // The picker lists releases by namespace, so view-ok (hh-view-a) is on top. Accepting is a no-op until
    // the picker is up: keep pressing Enter until the command has what it asked for.
    await waitFor('the release picker accepted', async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled || undefined;
    }, 60_000, 250);
    const result = await running;
    assert.equal(result.outcome.status, 'passed', result.outcome.summary);
    assert.equal(result.outcome.summary, `helm test ${s.release} (namespace ${s.namespace}): 1 test passed.`);
    assert.match(result.collected[0]?.containers[0]?.log ?? '', new RegExp(`checking ${s.release}`));
  });

  it('a helm that is not where the setting says: nothing runs, and the message points to the setting', async () => {
    const { releases } = (await activeExtension()).exports;
    const s = cluster!.seed.ok;
    await useHelm('/nonexistent/bin/helm');
    const release = await releaseRow(releases, s.namespace, s.release);
    const result = await vscode.commands.executeCommand<{ notRun?: string }>('helmHooks.runHelmTests', release.node);
    assert.equal(result.notRun, 'Helm Hooks: helm was not found at /nonexistent/bin/helm (the helmHooks.helmPath setting).');
  });
});
