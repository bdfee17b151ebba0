import * as assert from 'node:assert/strict';
import { hooksByEvent } from '../../client/src/cluster/hooks/order';
import { DEFAULT_HOOK_TIMEOUT_MS } from '../../client/src/cluster/hooks/staleness';
import { releaseInfoOf } from '../../client/src/cluster/records/release';
import { EventHooks, ReleaseInfo } from '../../client/src/cluster/types';
import { helm318Release, Json } from './records';

const NOW = new Date('2026-03-02T12:00:00Z');
const OPTS = { timeoutMs: DEFAULT_HOOK_TIMEOUT_MS };

function hook(kind: string, name: string, path: string, events: string[], weight?: number, extra: Json = {}): Json {
  return {
    name,
    kind,
    path: `shop/templates/${path}`,
    manifest: `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n`,
    events,
    last_run: { started_at: '', completed_at: '', phase: '' },
    ...(weight ? { weight } : {}),
    delete_policies: ['before-hook-creation'],
    ...extra,
  };
}

/** A release whose `hooks` array is given in the order Helm stores it. */
function release(hooks: Json[]): ReleaseInfo {
  return releaseInfoOf(helm318Release({ hooks }), { driver: 'secret', namespace: 'shop', release: 'shop', revision: 1, status: 'deployed' });
}

/** The same release as another revision, status and description. */
function at(r: ReleaseInfo, revision: number, status: ReleaseInfo['status'], description: string): ReleaseInfo {
  return { ...r, revision, status, description };
}

function names(groups: EventHooks[], event: string): string[] {
  return (groups.find((g) => g.event === event)?.hooks ?? []).map((h) => `${h.kind}/${h.name}`);
}

describe('cluster hooks: order', () => {
  it('lists events in lifecycle order and leaves out events without hooks', () => {
    const groups = hooksByEvent(
      release([
        hook('Pod', 'smoke', 'tests/smoke.yaml', ['test']),
        hook('Job', 'cleanup', 'hooks/cleanup.yaml', ['post-delete']),
        hook('Job', 'migrate', 'hooks/migrate.yaml', ['pre-upgrade', 'pre-install']),
      ]),
      NOW,
      OPTS,
    );
    assert.deepEqual(groups.map((g) => g.event), ['pre-install', 'pre-upgrade', 'post-delete', 'test']);
  });

  it('runs equal weights by name before kind, as Helm does (its docs say kind first)', () => {
    // Stored as Helm stores them: files in path order, then a stable sort by kind.
    const groups = hooksByEvent(
      release([
        hook('Secret', 'aa-migrate', 'c-secret.yaml', ['pre-install']),
        hook('ConfigMap', 'zz-settings', 'a-config.yaml', ['pre-install']),
        hook('Job', 'aa-migrate', 'b-job.yaml', ['pre-install']),
        hook('Job', 'setup', 'd-setup.yaml', ['pre-install'], -1),
      ]),
      NOW,
      OPTS,
    );
    assert.deepEqual(names(groups, 'pre-install'), ['Job/setup', 'Secret/aa-migrate', 'Job/aa-migrate', 'ConfigMap/zz-settings']);
  });

  it('orders by weight numerically, negative weights first, whatever the record order', () => {
    const groups = hooksByEvent(
      release([
        hook('Job', 'ten', 'a.yaml', ['post-upgrade'], 10),
        hook('Job', 'two', 'b.yaml', ['post-upgrade'], 2),
        hook('Job', 'minus-five', 'c.yaml', ['post-upgrade'], -5),
        hook('Job', 'zero', 'd.yaml', ['post-upgrade']),
      ]),
      NOW,
      OPTS,
    );
    assert.deepEqual(names(groups, 'post-upgrade'), ['Job/minus-five', 'Job/zero', 'Job/two', 'Job/ten']);
  });

  it('keeps the record order for hooks equal in weight and name: the kind order of the Helm that wrote it', () => {
    // Helm 3 does not know ValidatingWebhookConfiguration (unknown kinds sort last, by name), Helm 4
    // ranks it after APIService: each stores, and so runs, these two differently.
    const cert = hook('Certificate', 'shop-webhook', 'webhook/cert.yaml', ['pre-install']);
    const webhook = hook('ValidatingWebhookConfiguration', 'shop-webhook', 'webhook/config.yaml', ['pre-install']);
    assert.deepEqual(names(hooksByEvent(release([cert, webhook]), NOW, OPTS), 'pre-install'), [
      'Certificate/shop-webhook',
      'ValidatingWebhookConfiguration/shop-webhook',
    ]);
    assert.deepEqual(names(hooksByEvent(release([webhook, cert]), NOW, OPTS), 'pre-install'), [
      'ValidatingWebhookConfiguration/shop-webhook',
      'Certificate/shop-webhook',
    ]);
  });

  it('keeps the record order (path, then document) for full ties of weight, name and kind', () => {
    const first = { manifest: 'kind: ConfigMap\nmetadata:\n  name: dup\n  namespace: first\n' };
    const second = { manifest: 'kind: ConfigMap\nmetadata:\n  name: dup\n  namespace: second\n' };
    const groups = hooksByEvent(
      release([
        hook('ConfigMap', 'dup', 'a/hooks.yaml', ['pre-install'], 0, first),
        hook('ConfigMap', 'dup', 'a/hooks.yaml', ['pre-install'], 0, second),
        hook('ConfigMap', 'dup', 'b/hooks.yaml', ['pre-install']),
      ]),
      NOW,
      OPTS,
    );
    const run = groups[0].hooks;
    assert.deepEqual(run.map((h) => [h.path, h.namespace]), [
      ['shop/templates/a/hooks.yaml', 'first'],
      ['shop/templates/a/hooks.yaml', 'second'],
      ['shop/templates/b/hooks.yaml', undefined],
    ]);
  });

  it('shows a hook that lists an event twice twice, as Helm runs it twice', () => {
    const groups = hooksByEvent(release([hook('Job', 'twice', 'a.yaml', ['pre-install', 'pre-install']), hook('Job', 'once', 'b.yaml', ['pre-install'])]), NOW, OPTS);
    assert.deepEqual(names(groups, 'pre-install'), ['Job/once', 'Job/twice', 'Job/twice']);
  });

  it("shows a hook of several events with its run under the event its revision ran, and as not run under the others", () => {
    const migrate = hook('Job', 'migrate', 'm.yaml', ['pre-install', 'pre-upgrade'], 0, {
      last_run: { started_at: '2026-03-02T11:00:00Z', completed_at: '2026-03-02T11:01:30Z', phase: 'Failed' },
    });
    const installed = hooksByEvent(release([migrate]), NOW, OPTS);
    assert.deepEqual(installed.map((g) => [g.event, g.ran, g.hooks[0].lastRun.phase]), [['pre-install', true, 'Failed'], ['pre-upgrade', false, '']]);
    assert.equal(installed[0].hooks[0].lastRun.durationMs, 90_000);
    const upgraded = hooksByEvent(at(release([migrate]), 3, 'failed', 'Upgrade "shop" failed: pre-upgrade hooks failed: job migrate failed: BackoffLimitExceeded'), NOW, OPTS);
    assert.deepEqual(upgraded.map((g) => [g.event, g.ran, g.hooks[0].lastRun.phase]), [['pre-install', false, ''], ['pre-upgrade', true, 'Failed']]);
  });

  it('shows the one stored run under both pre- and post- of the action that ran the hook twice', () => {
    const twice = hook('Job', 'warm', 'w.yaml', ['pre-upgrade', 'post-upgrade', 'post-install'], 0, {
      last_run: { started_at: '2026-03-02T11:00:00Z', completed_at: '2026-03-02T11:01:30Z', phase: 'Succeeded' },
    });
    const groups = hooksByEvent(at(release([twice]), 2, 'deployed', 'Upgrade complete'), NOW, OPTS);
    const [install, pre, post] = groups.map((g) => g.hooks[0]);
    assert.equal(pre, post);
    assert.equal(pre.lastRun.phase, 'Succeeded');
    assert.equal(install.lastRun.phase, '');
  });

  it("does not show a rollback's copies of older runs as its own: only its rollback and test hooks ran", () => {
    const ran = { started_at: '2026-03-02T11:00:00Z', completed_at: '2026-03-02T11:01:30Z', phase: 'Succeeded' };
    const r = at(release([hook('Job', 'migrate', 'm.yaml', ['pre-upgrade'], 0, { last_run: ran }), hook('Job', 'back', 'b.yaml', ['pre-rollback'], 0, { last_run: ran }), hook('Pod', 'smoke', 't.yaml', ['test'], 0, { last_run: ran })]), 4, 'deployed', 'Rollback to 2');
    assert.deepEqual(hooksByEvent(r, NOW, OPTS).map((g) => [g.event, g.ran, g.hooks[0].lastRun.phase]), [['pre-upgrade', false, ''], ['pre-rollback', true, 'Succeeded'], ['test', true, 'Succeeded']]);
  });

  it('does not change the release it was given', () => {
    const r = release([hook('Job', 'a', 'a.yaml', ['pre-install'], 0, { last_run: { started_at: '2026-03-02T10:00:00Z', phase: 'Running' } })]);
    hooksByEvent(r, NOW, OPTS);
    assert.equal(r.hooks[0].lastRun.phase, 'Running');
    assert.equal(r.hooks[0].lastRun.staleReason, undefined);
  });
});
