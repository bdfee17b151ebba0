// Why a hook failed, told by the cluster layer (dist/cluster.js) from what the real API server and the real
// Job controller recorded: a Job that cannot create its pods (FailedCreate events), backoffLimit exhausted,
// activeDeadlineSeconds passed. Installs as pre-install hooks with the real helm 3.18 and 4.1.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, cluster, createNamespace, expectStatus, helm, HelmMajor, repoRoot, waitFor } from './cluster';
import { Cleanup, grant, Layer, layer, loadReady, writeKubeconfig } from './layer';

const chart = join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'hooks-diagnosis');

/** Installs the chart in `mode`; helm must fail on the pre-install hook. Returns helm's stderr. */
async function failingInstall(major: HelmMajor, ns: string, mode: string, timeout: string): Promise<string> {
  await createNamespace(ns);
  const r = await helm(major, ['install', 'billing', chart, '--namespace', ns, '--set', `mode=${mode}`, '--timeout', timeout]);
  assert.notEqual(r.code, 0, `helm ${major} install (${mode}) should fail on its pre-install hook:\n${r.stdout}`);
  return r.stderr;
}

/** The failed hook of the release's only revision, through a session of the layer, with its requests counted. */
async function failedHook(ns: string): Promise<{ L: typeof Layer; session: Layer.ClusterSession; hook: Layer.HookInfo; info: Layer.ReleaseInfo; requests: string[] }> {
  const L = layer();
  const session = L.openSession({ kubeconfig: cluster().adminKubeconfig, context: undefined, namespace: ns, drivers: ['secret'], requestTimeoutMs: 15000 });
  await loadReady(session.store);
  const [entry] = session.store.releases();
  const info = await session.store.info(entry);
  const hook = info.hooks.find((h) => h.name === 'billing-migrate');
  assert.ok(hook, 'the pre-install hook is in the record');
  assert.equal(hook.lastRun.phase, 'Failed');
  // Counts what the diagnosis asks from here on: every read goes through the connection's getJson.
  const requests: string[] = [];
  const conn = session.store.conn;
  const getJson = conn.getJson.bind(conn);
  conn.getJson = (path, opts) => {
    requests.push(path);
    return getJson(path, opts);
  };
  return { L, session, hook, info, requests };
}

const NOT_THE_POLICY = /delete policy|before-hook-creation|hook-failed|is gone/;

for (const major of [3, 4] as HelmMajor[]) {
  describe(`diagnosis: a Job that cannot create its pods (helm ${major})`, () => {
    const ns = `diag-nosa-h${major}`;
    let helmSaid = '';
    before(async () => {
      helmSaid = await failingInstall(major, ns, 'no-sa', '10s');
    });

    it('names the FailedCreate cause the Job controller recorded, never the delete policy, in 4 requests at most', async () => {
      const { L, session, hook, info, requests } = await failedHook(ns);
      try {
        if (major === 3) assert.match(helmSaid, /timed out waiting for the condition/);
        const x = await L.explainHook(session.store.conn, hook, info.namespace, { timeoutMs: 15000 });
        assert.equal(x.basis, 'cluster', x.sentence);
        assert.match(x.sentence, /^Job billing-migrate could not create any pod: .*serviceaccount "billing-missing" not found \(FailedCreate(, \d+ times)?, last (just now|\d+ s ago|\d+ min ago)\)\.$/);
        assert.doesNotMatch(x.sentence, NOT_THE_POLICY);
        assert.ok(x.evidence.some((l) => /^Job billing-migrate: 0 active, 0 succeeded, 0 failed/.test(l)), x.evidence.join('\n'));
        // The Job, its pods (none), its events: a Job with no pods needs no pod's events.
        assert.equal(requests.length, 3, requests.join('\n'));
        // Show Hook Logs' no-pods text agrees: the Job exists, so no policy removed anything.
        assert.match(L.whyPodsGone(hook, 'exists'), /^Job billing-migrate still exists and has no pods: it never got any/);

        requests.length = 0;
        const first = await session.diagnosis.explain(hook, info.namespace);
        const again = await session.diagnosis.explain(hook, info.namespace);
        assert.equal(again.sentence.replace(/last .* ago|last just now/, ''), first.sentence.replace(/last .* ago|last just now/, ''));
        assert.ok(requests.length <= 3 + 1 + 3, `the second explanation reads the Job only, unless it changed meanwhile:\n${requests.join('\n')}`);
        assert.equal(session.diagnosis.peek(hook, info.namespace)?.sentence, again.sentence);
      } finally {
        await session.dispose();
      }
    });
  });
}

describe('diagnosis: backoffLimit exhausted (helm 3)', () => {
  const ns = 'diag-backoff';
  before(() => failingInstall(3, ns, 'backoff', '120s'));

  it('says the Job reached backoffLimit 1 after 2 failed pods and how the last one exited, in 4 requests', async () => {
    const { L, session, hook, info, requests } = await failedHook(ns);
    try {
      const x = await L.explainHook(session.store.conn, hook, info.namespace, { timeoutMs: 15000 });
      assert.equal(x.sentence, 'The Job reached backoffLimit 1 after 2 failed pods; the last container migrate exited with code 3.');
      assert.equal(x.basis, 'cluster');
      assert.equal(x.evidence.filter((l) => /^Pod billing-migrate-/.test(l)).length, 2, x.evidence.join('\n'));
      assert.equal(requests.length, 4, `the Job, its pods, the Job's events, the newest pod's events:\n${requests.join('\n')}`);
    } finally {
      await session.dispose();
    }
  });
});

describe('diagnosis: activeDeadlineSeconds passed (helm 4)', () => {
  const ns = 'diag-deadline';
  before(() => failingInstall(4, ns, 'deadline', '120s'));

  it('says the Job ran longer than activeDeadlineSeconds 3 (DeadlineExceeded)', async () => {
    const { L, session, hook, info } = await failedHook(ns);
    try {
      const x = await L.explainHook(session.store.conn, hook, info.namespace, { timeoutMs: 15000 });
      assert.match(x.sentence, /^The Job ran longer than activeDeadlineSeconds 3 and was stopped \(DeadlineExceeded: Job was active longer than specified deadline\)/);
      assert.doesNotMatch(x.sentence, NOT_THE_POLICY);
    } finally {
      await session.dispose();
    }
  });
});

describe('diagnosis: events forbidden by RBAC', () => {
  it('a user who may read Jobs and pods but not events: said once, the cause told from the rest', async () => {
    // Reuses the backoff namespace's failed Job; the limited user is granted jobs and pods only.
    const ns = 'diag-backoff';
    const cleanup = new Cleanup();
    try {
      await grant(ns, cluster().limitedUser.name, ['pods', 'secrets'], ['get', 'list', 'watch']);
      const k = api();
      try {
        const name = 'helm-hooks-test-jobs';
        expectStatus(await k.call('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name }, rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get'] }] }), 201);
        expectStatus(await k.call('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: cluster().limitedUser.name }] }), 201);
      } finally {
        k.close();
      }
      const kubeconfig = writeKubeconfig(cleanup.tempDir(), { user: 'limited', token: cluster().tokens.limited, namespace: ns });
      const L = layer();
      const admin = await failedHook(ns);
      await admin.session.dispose();
      const session = cleanup.session({ kubeconfig, namespace: ns, drivers: ['secret'] });
      // The Job's Role takes effect through the API server's informers, as the grant above.
      const x = await waitFor('the limited user to read the Job', 30000, async () => {
        const got = await L.explainHook(session.store.conn, admin.hook, ns, { timeoutMs: 15000 });
        return got.basis === 'missing' && /read Job/.test(got.sentence) ? undefined : got;
      });
      assert.match(x.sentence, /^The Job reached backoffLimit 1 after 2 failed pods; the last container migrate exited with code 3\. Events could not be listed \(Not allowed to list the events of Job/);
    } finally {
      await cleanup.run();
    }
  });
});
