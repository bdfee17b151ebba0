import * as assert from 'node:assert/strict';
import { DEFAULT_HOOK_TIMEOUT_MS } from '../../client/src/cluster/hooks/staleness';
import { templateHooksOf } from '../../client/src/cluster/hooks/templateHooks';
import { eventOfRun, TemplateHook, TemplateRun, templateRuns } from '../../client/src/cluster/hooks/templateRuns';
import { releaseInfoOf } from '../../client/src/cluster/records/release';
import { ReleaseInfo, ReleaseStatus } from '../../client/src/cluster/types';
import { runProblem } from '../../client/src/cluster/hooks/runProblem';
import { rolledBackAfterFailure } from '../../client/src/cluster/releases/rolledBack';
import { Json } from './records';

const NOW = new Date('2026-03-02T12:00:00Z');
const OPTS = { now: NOW, timeoutMs: DEFAULT_HOOK_TIMEOUT_MS };
const MIN = 60_000;
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();

const MIGRATE = 'shop/templates/hooks/migrate.yaml';

/** A stored hook as Helm marshals it; `ran`: [phase, started minutes ago, minutes it took]. */
function stored(kind: string, name: string, path: string, events: string[], ran?: [string, number, number?]): Json {
  const last_run =
    ran === undefined
      ? { started_at: '', completed_at: '', phase: '' }
      : { started_at: ago(ran[1] * MIN), completed_at: ran[2] === undefined ? '' : ago((ran[1] - ran[2]) * MIN), phase: ran[0] };
  return { name, kind, path, manifest: `kind: ${kind}\nmetadata:\n  name: ${name}\n`, events, last_run };
}

interface Rel {
  name: string;
  revision: number;
  status?: ReleaseStatus;
  description?: string;
  chart?: string;
  hooks: Json[];
}

function release(r: Rel): ReleaseInfo {
  const status = r.status ?? 'deployed';
  const json = {
    name: r.name,
    info: { first_deployed: ago(600 * MIN), last_deployed: ago(60 * MIN), description: r.description ?? 'Upgrade complete', status },
    chart: { metadata: { name: r.chart ?? 'shop', version: '1.0.0' } },
    hooks: r.hooks,
    version: r.revision,
    namespace: r.name,
  };
  return releaseInfoOf(json, { driver: 'secret', namespace: r.name, release: r.name, revision: r.revision, status });
}

const job = (ordinal: number, name?: string, events: TemplateHook['events'] = ['pre-upgrade']): TemplateHook => ({ kind: 'Job', name, events, ordinal });

function only(runs: (TemplateRun | undefined)[]): TemplateRun {
  assert.equal(runs.length, 1);
  assert.ok(runs[0], 'a run is found');
  return runs[0];
}

describe('cluster hooks: last runs of a template', () => {
  it('finds the most recent run across releases of the chart, and counts the other releases that ran it', () => {
    const shop = release({ name: 'shop', revision: 7, status: 'failed', hooks: [stored('Job', 'shop-migrate', MIGRATE, ['pre-install', 'pre-upgrade'], ['Failed', 3, 1])] });
    const eu = release({ name: 'shop-eu', revision: 2, hooks: [stored('Job', 'shop-migrate', MIGRATE, ['pre-install', 'pre-upgrade'], ['Succeeded', 120, 2])] });
    const run = only(templateRuns([job(0, 'shop-migrate')], [MIGRATE], [eu, shop], OPTS));
    assert.equal(run.last.release, 'shop');
    assert.equal(run.last.namespace, 'shop');
    assert.equal(run.last.revision, 7);
    assert.equal(run.last.event, 'pre-upgrade', 'revision 7 was an upgrade');
    assert.equal(run.last.phase, 'Failed');
    assert.equal(run.last.completedAt?.toISOString(), ago(2 * MIN));
    assert.equal(run.last.info, shop, 'the release record to open logs with');
    assert.equal(run.last.hook.name, 'shop-migrate');
    assert.deepEqual([run.last.position, run.last.of], [1, 1]);
    assert.equal(run.others, 1);
  });

  it('matches a literal name, not the place, when the file has several hooks of a kind', () => {
    const shop = release({
      name: 'shop',
      revision: 3,
      hooks: [stored('Job', 'b-seed', MIGRATE, ['pre-upgrade'], ['Failed', 5, 1]), stored('Job', 'a-migrate', MIGRATE, ['pre-upgrade'], ['Succeeded', 6, 1])],
    });
    const runs = templateRuns([job(0, 'a-migrate'), job(1, 'b-seed')], [MIGRATE], [shop], OPTS);
    assert.deepEqual(runs.map((r) => `${r?.last.hook.name} ${r?.last.phase}`), ['a-migrate Succeeded', 'b-seed Failed']);
  });

  it('falls back to document order among hooks of the same kind when the names are printed by templates', () => {
    // Stored as Helm sorts them: by kind (ConfigMap before Job), document order kept within a kind.
    const shop = release({
      name: 'shop',
      revision: 4,
      hooks: [
        stored('ConfigMap', 'shop-settings', MIGRATE, ['pre-upgrade'], ['Succeeded', 10, 0]),
        stored('Job', 'shop-first', MIGRATE, ['pre-upgrade'], ['Succeeded', 9, 1]),
        stored('Job', 'shop-second', MIGRATE, ['pre-upgrade'], ['Failed', 8, 1]),
        stored('Job', 'other', 'shop/templates/other.yaml', ['pre-upgrade'], ['Succeeded', 7, 1]),
      ],
    });
    const configMap: TemplateHook = { kind: 'ConfigMap', name: undefined, events: ['pre-upgrade'], ordinal: 0 };
    const runs = templateRuns([job(0), configMap, job(1)], [MIGRATE], [shop], OPTS);
    assert.deepEqual(runs.map((r) => r?.last.hook.name), ['shop-first', 'shop-settings', 'shop-second']);
    assert.equal(runs[2]?.last.position, 3, 'third of the pre-upgrade hooks (ConfigMap first by kind)');
  });

  it('gives no run rather than a wrong one when the release stores a different number of hooks of that kind', () => {
    // An `{{ if }}` left one Job out of this release: which one is unknown.
    const shop = release({ name: 'shop', revision: 2, hooks: [stored('Job', 'shop-second', MIGRATE, ['pre-upgrade'], ['Failed', 8, 1])] });
    assert.deepEqual(templateRuns([job(0), job(1)], [MIGRATE], [shop], OPTS), [undefined, undefined]);
  });

  it('says where a hook never ran when no release ran it, and prefers any release that did', () => {
    const never = release({ name: 'shop', revision: 2, hooks: [stored('Job', 'shop-migrate', MIGRATE, ['pre-install'])] });
    const alone = only(templateRuns([job(0, 'shop-migrate', ['pre-install'])], [MIGRATE], [never], OPTS));
    assert.equal(alone.last.phase, '');
    assert.equal(alone.last.release, 'shop');
    assert.equal(alone.others, 0);
    const ran = release({ name: 'shop-eu', revision: 1, hooks: [stored('Job', 'shop-migrate', MIGRATE, ['pre-install'], ['Succeeded', 300, 1])] });
    const both = only(templateRuns([job(0, 'shop-migrate', ['pre-install'])], [MIGRATE], [never, ran], OPTS));
    assert.deepEqual([both.last.release, both.last.phase, both.last.event, both.others], ['shop-eu', 'Succeeded', 'pre-install', 0]);
  });

  it('finds nothing in releases that do not store the template (another chart, or a hook added since)', () => {
    const other = release({ name: 'shop', revision: 1, hooks: [stored('Job', 'shop-migrate', 'shop/templates/hooks/other.yaml', ['pre-install'], ['Succeeded', 3, 1])] });
    assert.deepEqual(templateRuns([job(0, 'shop-migrate')], [MIGRATE], [other], OPTS), [undefined]);
  });

  it("reads a subchart's hook from its parent's releases and from releases of the subchart alone", () => {
    const paths = ['shop/charts/audit/templates/job.yaml', 'audit/templates/job.yaml'];
    const parent = release({ name: 'shop', revision: 5, hooks: [stored('Job', 'audit-trail', paths[0], ['post-upgrade'], ['Succeeded', 30, 1])] });
    const alone = release({ name: 'audit', revision: 1, chart: 'audit', hooks: [stored('Job', 'audit-trail', paths[1], ['post-install'], ['Failed', 10, 1])] });
    const run = only(templateRuns([job(0, 'audit-trail', ['post-install', 'post-upgrade'])], paths, [parent, alone], OPTS));
    assert.deepEqual([run.last.release, run.last.phase, run.last.event, run.others], ['audit', 'Failed', 'post-install', 1]);
  });

  it('shows a Running hook whose helm process is gone as Stale, with the reason', () => {
    const shop = release({ name: 'shop', revision: 3, hooks: [stored('Job', 'shop-migrate', MIGRATE, ['pre-upgrade'], ['Running', 2])] });
    const run = only(templateRuns([job(0, 'shop-migrate')], [MIGRATE], [shop], OPTS));
    assert.equal(run.last.phase, 'Stale');
    assert.match(run.last.staleReason ?? '', /the release is deployed, not pending-upgrade/);
    assert.equal(run.last.hook.lastRun.phase, 'Stale', 'Show logs gets the run as the view shows it');
  });

  it('tells the event of a run from the action that made the revision', () => {
    const both = { events: ['pre-install', 'pre-upgrade', 'pre-rollback'] as TemplateHook['events'] };
    assert.equal(eventOfRun(both, { status: 'deployed', revision: 1, description: 'Install complete' }), 'pre-install');
    assert.equal(eventOfRun(both, { status: 'failed', revision: 4, description: 'Upgrade "shop" failed' }), 'pre-upgrade');
    assert.equal(eventOfRun(both, { status: 'deployed', revision: 5, description: 'Rollback to 3' }), 'pre-rollback');
    assert.equal(eventOfRun({ events: ['pre-install', 'post-install'] }, { status: 'deployed', revision: 1, description: '' }), 'post-install', 'the later of two runs');
    assert.equal(eventOfRun({ events: ['pre-delete'] }, { status: 'uninstalled', revision: 2, description: 'Uninstallation complete' }), 'pre-delete');
    assert.equal(eventOfRun({ events: ['test'] }, { status: 'deployed', revision: 2, description: '' }), 'test');
  });
});

describe('cluster hooks: hooks of a template file', () => {
  const text = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: plain',
    '---',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: {{ .Release.Name }}-first',
    '  annotations:',
    '    helm.sh/hook: pre-install,pre-upgrade',
    '---',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: dropped',
    '  annotations:',
    '    helm.sh/hook: crd-install',
    '---',
    '# the second migration',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: shop-second',
    '  annotations:',
    '    helm.sh/hook: post-upgrade',
    '',
  ].join('\n');

  it('numbers hooks per kind in document order, skipping those Helm drops, with the line for the lens', () => {
    const hooks = templateHooksOf(MIGRATE, text);
    assert.deepEqual(
      hooks.map((h) => [h.kind, h.name, h.ordinal, h.line, h.events.join()]),
      [
        ['Job', undefined, 0, 5, 'pre-install,pre-upgrade'],
        ['Job', 'shop-second', 1, 20, 'post-upgrade'],
      ],
    );
  });

  it('ends at the runs the release stored for that file', () => {
    const shop = release({
      name: 'shop',
      revision: 2,
      hooks: [stored('Job', 'shop-first', MIGRATE, ['pre-install', 'pre-upgrade'], ['Succeeded', 4, 1]), stored('Job', 'shop-second', MIGRATE, ['post-upgrade'], ['Failed', 2, 1])],
    });
    const runs = templateRuns(templateHooksOf(MIGRATE, text), [MIGRATE], [shop], OPTS);
    assert.deepEqual(runs.map((r) => `${r?.last.event} ${r?.last.phase} ${r?.last.hook.name}`), ['pre-upgrade Succeeded shop-first', 'post-upgrade Failed shop-second']);
  });
});

describe('cluster hooks: which run the lens shows', () => {
  const migrate = (name: string, revision: number, description: string, ran: [string, number, number?], status?: ReleaseStatus): ReleaseInfo =>
    release({ name, revision, status, description, hooks: [stored('Job', 'cart-migrate', MIGRATE, ['pre-install', 'pre-upgrade'], ran)] });
  const shown = (releases: ReleaseInfo[]): TemplateRun => only(templateRuns([job(0, 'cart-migrate', ['pre-install', 'pre-upgrade'])], [MIGRATE], releases, OPTS));

  it('shows a failure before a later success in another release, and names the latest run', () => {
    const failed = migrate('cart', 2, 'Upgrade "cart" failed: pre-upgrade hooks failed: job cart-migrate failed: BackoffLimitExceeded', ['Failed', 30, 1], 'failed');
    const passed = migrate('cart-eu', 2, 'Upgrade complete', ['Succeeded', 5, 1]);
    const run = shown([passed, failed]);
    assert.deepEqual([run.last.release, run.last.phase, run.last.event, run.others, run.failures], ['cart', 'Failed', 'pre-upgrade', 1, 1]);
    assert.equal(run.latest?.release, 'cart-eu');
  });

  it('shows a stale run as a failure, and the newest of several failures', () => {
    const stale = migrate('cart', 3, 'Preparing upgrade', ['Running', 20], 'failed');
    const older = migrate('cart-us', 2, 'Upgrade "cart-us" failed: x', ['Failed', 50, 1], 'failed');
    const passed = migrate('cart-eu', 2, 'Upgrade complete', ['Succeeded', 5, 1]);
    const run = shown([older, passed, stale]);
    assert.deepEqual([run.last.release, run.last.phase, run.others, run.failures], ['cart', 'Stale', 2, 2]);
  });

  it('shows the latest run when none failed, with no second run named', () => {
    const run = shown([migrate('cart', 2, 'Upgrade complete', ['Succeeded', 30, 1]), migrate('cart-eu', 2, 'Upgrade complete', ['Succeeded', 5, 1])]);
    assert.deepEqual([run.last.release, run.failures, run.latest], ['cart-eu', 0, undefined]);
  });

  it("does not count a rollback's copy of a failed run: the rollback ran no upgrade hook", () => {
    const back = migrate('cart', 4, 'Rollback to 2', ['Failed', 30, 1]);
    const run = shown([back, migrate('cart-eu', 2, 'Upgrade complete', ['Succeeded', 5, 1])]);
    assert.deepEqual([run.last.release, run.last.phase, run.failures, run.others], ['cart-eu', 'Succeeded', 0, 0]);
  });
});

describe('cluster hooks: a failure that --atomic rolled back', () => {
  const hooks = (ran: [string, number, number?]) => [stored('Job', 'cart-migrate', MIGRATE, ['pre-install', 'pre-upgrade'], ran)];
  const failed = release({ name: 'cart', revision: 3, status: 'failed', description: 'Upgrade "cart" failed: pre-upgrade hooks failed: 1 error occurred:\n\t* job cart-migrate failed: BackoffLimitExceeded', hooks: hooks(['Failed', 10, 1]) });
  const back = release({ name: 'cart', revision: 4, description: 'Rollback to 2', hooks: hooks(['Succeeded', 60, 1]) });

  it('tells the failed revision, the hook that failed and the revision rolled back to', () => {
    assert.deepEqual(rolledBackAfterFailure(back, failed, NOW, DEFAULT_HOOK_TIMEOUT_MS), { failedRevision: 3, rolledBackTo: 2, cause: 'pre-upgrade hook cart-migrate failed' });
  });

  it("falls back on Helm's first line when no hook failed, and says nothing of rollbacks that followed no failure", () => {
    const noHook = { ...failed, hooks: [] };
    assert.equal(rolledBackAfterFailure(back, noHook, NOW, DEFAULT_HOOK_TIMEOUT_MS)?.cause, 'Upgrade "cart" failed: pre-upgrade hooks failed: 1 error occurred:');
    assert.equal(rolledBackAfterFailure(back, { ...failed, status: 'superseded' }, NOW, DEFAULT_HOOK_TIMEOUT_MS), undefined);
    assert.equal(rolledBackAfterFailure({ ...back, description: 'Upgrade complete' }, failed, NOW, DEFAULT_HOOK_TIMEOUT_MS), undefined);
    assert.equal(rolledBackAfterFailure(back, { ...failed, revision: 2 }, NOW, DEFAULT_HOOK_TIMEOUT_MS), undefined);
  });

  it("finds the hook's last run in the failed revision, not as the rollback's copy", () => {
    const run = only(templateRuns([job(0, 'cart-migrate', ['pre-install', 'pre-upgrade'])], [MIGRATE], [back, failed], OPTS));
    assert.deepEqual([run.last.revision, run.last.phase, run.last.event, run.others, run.failures], [3, 'Failed', 'pre-upgrade', 0, 1]);
  });
});

describe('cluster hooks: the Problems entry of a last run', () => {
  const failed = release({ name: 'cart', revision: 3, status: 'failed', description: 'Upgrade "cart" failed: pre-upgrade hooks failed: 1 error occurred:\n\t* job cart-migrate failed: BackoffLimitExceeded', hooks: [stored('Job', 'cart-migrate', MIGRATE, ['pre-install', 'pre-upgrade'], ['Failed', 10, 1])] });
  const runIn = (info: ReleaseInfo): TemplateRun => only(templateRuns([job(0, 'cart-migrate', ['pre-install', 'pre-upgrade'])], [MIGRATE], [info], OPTS));

  it("says which hook failed, where, when, and Helm's text on one line", () => {
    assert.deepEqual(runProblem(runIn(failed).last), {
      severity: 'error',
      message: 'pre-upgrade hook Job/cart-migrate failed in release cart (namespace cart, revision 3) at 2026-03-02 11:51:00 UTC. Helm: Upgrade "cart" failed: pre-upgrade hooks failed: 1 error occurred: * job cart-migrate failed: BackoffLimitExceeded',
    });
  });

  it('appends an explanation when one is given', () => {
    assert.match(runProblem(runIn(failed).last, ' Pod cart-migrate-x1: container migrate exited 5. ')?.message ?? '', /BackoffLimitExceeded Pod cart-migrate-x1: container migrate exited 5\.$/);
  });

  it('warns of a stale run with the reason, and gives nothing for a run that passed or never ran', () => {
    const stale = runProblem(runIn({ ...failed, hooks: failed.hooks.map((h) => ({ ...h, lastRun: { ...h.lastRun, phase: 'Running' as const, completedAt: undefined } })) }).last);
    assert.equal(stale?.severity, 'warning');
    assert.match(stale?.message ?? '', /^pre-upgrade hook Job\/cart-migrate never finished in release cart .* started at 2026-03-02 11:50:00 UTC\. Helm recorded this hook as Running/);
    assert.equal(runProblem(runIn({ ...failed, status: 'deployed', description: 'Upgrade complete', hooks: failed.hooks.map((h) => ({ ...h, lastRun: { ...h.lastRun, phase: 'Succeeded' as const } })) }).last), undefined);
    assert.equal(runProblem(runIn({ ...failed, description: 'Rollback to 2', status: 'deployed' }).last), undefined);
  });
});
