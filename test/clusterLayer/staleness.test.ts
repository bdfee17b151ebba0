import * as assert from 'node:assert/strict';
import { DEFAULT_HOOK_TIMEOUT_MS, formatDuration, lastRunAt } from '../../client/src/cluster/hooks/staleness';
import { releaseInfoOf } from '../../client/src/cluster/records/release';
import { HookLastRun, ReleaseStatus } from '../../client/src/cluster/types';
import { helm4Release } from './records';

const NOW = new Date('2026-03-02T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const MIN = 60_000;

/** The last run of a single hook recorded as Running since `startedAt`, in a release with `status`. */
function running(status: ReleaseStatus, events: string[], startedAt: string | undefined, timeoutMs = DEFAULT_HOOK_TIMEOUT_MS): HookLastRun {
  const json = helm4Release({
    info: { status, description: '' },
    hooks: [
      {
        name: 'shop-db-migrate',
        kind: 'Job',
        path: 'shop/templates/hooks/db-migrate.yaml',
        manifest: 'kind: Job\n',
        events,
        last_run: startedAt === undefined ? { phase: 'Running' } : { started_at: startedAt, phase: 'Running' },
      },
    ],
  });
  const release = releaseInfoOf(json, { driver: 'secret', namespace: 'shop', release: 'shop', revision: 2, status: 'unknown' });
  // Directly, not through hooksByEvent: that shows a run only under the event its revision ran.
  return lastRunAt(release.hooks[0], release, NOW, timeoutMs);
}

describe('cluster hooks: staleness', () => {
  it('shows a Running hook of a pending release as live, with its elapsed time', () => {
    const run = running('pending-install', ['pre-install'], ago(2 * MIN));
    assert.equal(run.phase, 'Running');
    assert.equal(run.durationMs, 2 * MIN);
    assert.equal(run.staleReason, undefined);
  });

  it('marks Running as stale once it started longer ago than the 5m default timeout', () => {
    const run = running('pending-install', ['pre-install'], ago(6 * MIN + 5_000));
    assert.equal(run.phase, 'Stale');
    assert.equal(run.durationMs, undefined);
    assert.match(run.staleReason ?? '', /Running 6m 5s ago, longer than the 5m hook timeout/);
  });

  it('uses the configured timeout: 6 minutes is still live with --timeout 10m', () => {
    const run = running('pending-upgrade', ['pre-upgrade'], ago(6 * MIN), 10 * MIN);
    assert.equal(run.phase, 'Running');
    assert.equal(run.durationMs, 6 * MIN);
  });

  it('marks Running as stale when the release is no longer pending, however recent', () => {
    const run = running('deployed', ['pre-install'], ago(10_000));
    assert.equal(run.phase, 'Stale');
    assert.match(run.staleReason ?? '', /the release is deployed, not pending-install/);
    const failed = running('failed', ['pre-install', 'pre-upgrade'], ago(10_000));
    assert.match(failed.staleReason ?? '', /the release is failed, not pending-install or pending-upgrade/);
  });

  it('marks Running as stale when the pending operation is not the one that runs the hook', () => {
    // A rollback copies the old revision's hooks with their last run: a pre-upgrade hook left Running
    // there cannot be running now, even though the new revision is pending-rollback.
    const run = running('pending-rollback', ['pre-upgrade'], ago(30_000));
    assert.equal(run.phase, 'Stale');
  });

  it('keeps delete hooks live while the release is uninstalling, and stale once uninstalled', () => {
    assert.equal(running('uninstalling', ['pre-delete'], ago(MIN)).phase, 'Running');
    assert.equal(running('uninstalled', ['post-delete'], ago(MIN)).phase, 'Stale');
  });

  it('keeps a Running test live on a deployed release: helm test does not change the status', () => {
    const run = running('deployed', ['test'], ago(MIN));
    assert.equal(run.phase, 'Running');
    assert.equal(run.durationMs, MIN);
    assert.equal(running('deployed', ['test'], ago(20 * MIN)).phase, 'Stale');
  });

  it('shows a Running hook without a start time as live while the release is pending', () => {
    const run = running('pending-install', ['post-install'], undefined);
    assert.equal(run.phase, 'Running');
    assert.equal(run.durationMs, undefined);
  });

  it('leaves finished runs as recorded', () => {
    const done: HookLastRun = { phase: 'Failed', startedAt: new Date(ago(MIN)), completedAt: NOW, durationMs: MIN, staleReason: undefined };
    const hook = { name: 'a', kind: 'Job', path: 'a.yaml', weight: 0, events: ['pre-install' as const], deletePolicies: [], outputLogPolicies: [], lastRun: done, manifest: '', namespace: undefined };
    assert.deepEqual(lastRunAt(hook, { status: 'deployed' }, NOW, DEFAULT_HOOK_TIMEOUT_MS), done);
  });

  it('formats durations for the stale sentence', () => {
    assert.equal(formatDuration(45_000), '45s');
    assert.equal(formatDuration(5 * MIN), '5m');
    assert.equal(formatDuration(62 * MIN), '1h 2m');
    assert.equal(formatDuration(-5), '0s');
  });
});
