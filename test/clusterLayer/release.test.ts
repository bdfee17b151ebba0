import * as assert from 'node:assert/strict';
import { recordRefOf } from '../../client/src/cluster/records/labels';
import { manifestNamespace, readRelease, releaseInfoOf, RecordIdentity } from '../../client/src/cluster/records/release';
import { RecordError } from '../../client/src/cluster/types';
import { configMapObject, helm318Release, helm4Release, helmPayload, Json, secretObject, T0, T1, T2 } from './records';

const LABELS: RecordIdentity = { driver: 'secret', namespace: 'shop', release: 'shop', revision: 1, status: 'deployed' };

function hooks(...list: Json[]): Json {
  return helm318Release({ hooks: list });
}

describe('cluster records: release', () => {
  it('reads a Helm 3.18 record: release, chart, times and hooks with their last run', async () => {
    const ref = recordRefOf('secret', secretObject(helmPayload(helm318Release())));
    assert.ok(ref);
    const r = await readRelease(ref);
    assert.equal(r.name, 'shop');
    assert.equal(r.namespace, 'shop');
    assert.equal(r.revision, 1);
    assert.equal(r.status, 'deployed');
    assert.equal(r.description, 'Install complete');
    assert.deepEqual(r.chart, { name: 'shop', version: '1.4.2', appVersion: '2.0.1' });
    assert.equal(r.firstDeployed?.toISOString(), '2026-03-02T10:15:00.123Z');
    assert.equal(r.helmMajor, 3);
    assert.equal(r.driver, 'secret');

    const [migrate, test] = r.hooks;
    assert.equal(migrate.name, 'shop-db-migrate');
    assert.equal(migrate.kind, 'Job');
    assert.equal(migrate.path, 'shop/templates/hooks/db-migrate.yaml');
    assert.equal(migrate.weight, -5);
    assert.deepEqual(migrate.events, ['pre-install', 'pre-upgrade']);
    assert.deepEqual(migrate.deletePolicies, ['before-hook-creation']);
    assert.deepEqual(migrate.outputLogPolicies, []);
    assert.equal(migrate.namespace, 'shop-jobs');
    assert.match(migrate.manifest, /kind: Job/);
    assert.equal(migrate.lastRun.phase, 'Succeeded');
    assert.equal(migrate.lastRun.startedAt?.getTime(), new Date(T0).getTime());
    assert.equal(migrate.lastRun.durationMs, new Date(T1).getTime() - new Date(T0).getTime());

    // Never ran: Helm 3 writes empty-string times and an empty phase.
    assert.equal(test.lastRun.phase, '');
    assert.equal(test.lastRun.startedAt, undefined);
    assert.equal(test.lastRun.completedAt, undefined);
    assert.equal(test.lastRun.durationMs, undefined);
    assert.equal(test.weight, 0, 'weight omitted in the record means 0');
    assert.equal(test.namespace, undefined, 'no metadata.namespace: the release namespace applies');
  });

  it('reads a Helm 4 record from a ConfigMap: apply_method, omitted times, output log policies', async () => {
    const ref = recordRefOf('configmap', configMapObject(helmPayload(helm4Release()), { revision: 2 }));
    assert.ok(ref);
    const r = await readRelease(ref);
    assert.equal(r.helmMajor, 4);
    assert.equal(r.driver, 'configmap');
    assert.equal(r.revision, 2);
    assert.equal(r.lastDeployed?.getTime(), new Date(T2).getTime());
    const [migrate, smoke] = r.hooks;
    assert.equal(migrate.lastRun.phase, 'Failed');
    assert.equal(migrate.lastRun.durationMs, new Date(T2).getTime() - new Date(T1).getTime());
    assert.deepEqual(migrate.outputLogPolicies, ['hook-failed']);
    assert.deepEqual(migrate.deletePolicies, ['hook-succeeded']);
    assert.equal(smoke.lastRun.phase, '');
    assert.equal(smoke.lastRun.startedAt, undefined);
    assert.deepEqual(smoke.deletePolicies, [], 'Helm 4 stores no default policy');
  });

  it('rejects with the decoding error when the record cannot be read', async () => {
    const ref = recordRefOf('secret', secretObject('not base64!'));
    assert.ok(ref);
    await assert.rejects(readRelease(ref), (err: unknown) => err instanceof RecordError && /not valid base64/.test(err.message));
  });

  it('fills missing fields from the labels and leaves unknowns empty instead of failing', () => {
    const r = releaseInfoOf({}, { ...LABELS, status: 'pending-install', revision: 4 });
    assert.equal(r.name, 'shop');
    assert.equal(r.namespace, 'shop');
    assert.equal(r.revision, 4);
    assert.equal(r.status, 'pending-install');
    assert.equal(r.description, '');
    assert.equal(r.chart, undefined);
    assert.equal(r.firstDeployed, undefined);
    assert.deepEqual(r.hooks, []);
    assert.equal(r.helmMajor, 3);
  });

  it('tolerates mistyped fields and hooks that are not objects', () => {
    const r = releaseInfoOf(
      { name: 7, info: 'deployed', chart: { metadata: null }, version: '3', hooks: [null, 'x', { name: 'lonely', weight: '5', events: 'test', last_run: 'Succeeded' }] },
      LABELS,
    );
    assert.equal(r.name, 'shop');
    assert.equal(r.revision, 1);
    assert.equal(r.chart, undefined);
    assert.equal(r.hooks.length, 1);
    const [h] = r.hooks;
    assert.equal(h.name, 'lonely');
    assert.equal(h.weight, 0);
    assert.deepEqual(h.events, []);
    assert.equal(h.lastRun.phase, '');
    assert.equal(h.kind, '');
    assert.equal(h.manifest, '');
  });

  it('treats empty, zero and unparsable times as unknown', () => {
    const r = releaseInfoOf(
      hooks({ name: 'a', events: ['test'], last_run: { started_at: '0001-01-01T00:00:00Z', completed_at: 'yesterday', phase: 'Succeeded' } }),
      LABELS,
    );
    assert.equal(r.hooks[0].lastRun.startedAt, undefined);
    assert.equal(r.hooks[0].lastRun.completedAt, undefined);
    assert.equal(r.hooks[0].lastRun.durationMs, undefined);
    assert.equal(r.hooks[0].lastRun.phase, 'Succeeded');
    const info = releaseInfoOf(helm318Release({ info: { status: 'deployed', first_deployed: '', last_deployed: '' } }), LABELS);
    assert.equal(info.firstDeployed, undefined);
    assert.equal(info.lastDeployed, undefined);
  });

  it('shows an unknown status or phase as unknown, preferring the record over the label', () => {
    assert.equal(releaseInfoOf({ info: { status: 'failed' } }, LABELS).status, 'failed');
    assert.equal(releaseInfoOf({ info: { status: 'paused' } }, LABELS).status, 'deployed');
    assert.equal(releaseInfoOf({ info: { status: 'paused' } }, { ...LABELS, status: 'unknown' }).status, 'unknown');
    const r = releaseInfoOf(hooks({ name: 'a', events: ['test'], last_run: { phase: 'Pending' } }), LABELS);
    assert.equal(r.hooks[0].lastRun.phase, 'Unknown');
  });

  it('parses events like Helm: legacy test-success is test, unknown events are left out, duplicates kept', () => {
    const r = releaseInfoOf(hooks({ name: 'a', events: ['test-success', ' Post-Install ', 'crd-install', 'pre-install', 'pre-install', 3] }), LABELS);
    assert.deepEqual(r.hooks[0].events, ['test', 'post-install', 'pre-install', 'pre-install']);
  });

  it('keeps the failure text of a failed release', () => {
    const r = releaseInfoOf(
      helm318Release({ info: { status: 'failed', description: 'Release "shop" failed: failed pre-install: job shop-db-migrate failed: BackoffLimitExceeded' } }),
      LABELS,
    );
    assert.equal(r.status, 'failed');
    assert.match(r.description, /BackoffLimitExceeded/);
  });

  it("finds a hook's namespace in its manifest and survives manifests that are not YAML", () => {
    assert.equal(manifestNamespace('kind: Job\nmetadata:\n  name: a\n  namespace: "jobs"\n'), 'jobs');
    assert.equal(manifestNamespace('{"kind":"Job","metadata":{"name":"a","namespace":"jobs"}}'), 'jobs');
    assert.equal(manifestNamespace('kind: Job\nmetadata:\n  labels:\n    namespace: x\n'), undefined);
    assert.equal(manifestNamespace('kind: Job\nspec:\n  namespace: x\n'), undefined);
    assert.equal(manifestNamespace('metadata: [namespace: {\n\t: :'), undefined);
    assert.equal(manifestNamespace('namespace: x'), undefined);
    assert.equal(manifestNamespace(''), undefined);
    const r = releaseInfoOf(hooks({ name: 'a', events: ['test'], manifest: 'metadata:\n  namespace: [unclosed\n' }), LABELS);
    assert.equal(r.hooks[0].namespace, undefined);
  });
});
