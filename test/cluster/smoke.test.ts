// Smoke check of the local cluster tier: the real helm 3.18 and 4.1 install, upgrade and test a small chart
// with hooks against the real kube-apiserver v1.20 (+ Job controller), with pods run by the stand-in kubelet.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, cluster, createNamespace, expectStatus, helm, HelmMajor, readRelease, repoRoot } from './cluster';
import { isRecord } from './kubelet/api';

const chart = join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'hooks-smoke');

function items(json: unknown): Record<string, unknown>[] {
  return isRecord(json) && Array.isArray(json.items) ? json.items.filter(isRecord) : [];
}

describe('cluster smoke: the local cluster', () => {
  it('serves Kubernetes v1.20.2 and has the stand-in kubelet Node Ready', async () => {
    const k = api();
    try {
      const v = expectStatus(await k.call('GET', '/version'), 200).json;
      assert.ok(isRecord(v));
      assert.equal(v.gitVersion, 'v1.20.2');
      const node = expectStatus(await k.call('GET', `/api/v1/nodes/${cluster().nodeName}`), 200).json;
      const conditions = isRecord(node) && isRecord(node.status) && Array.isArray(node.status.conditions) ? node.status.conditions : [];
      assert.ok(conditions.some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True'), JSON.stringify(conditions));
    } finally {
      k.close();
    }
  });

  it('authorizes with RBAC: the limited user may not read Secrets', async () => {
    const k = api('limited');
    try {
      const r = await k.call('GET', '/api/v1/namespaces/default/secrets');
      assert.equal(r.status, 403, r.text);
      assert.match(r.text, /limited-user/);
    } finally {
      k.close();
    }
  });
});

for (const major of [3, 4] as HelmMajor[]) {
  describe(`cluster smoke: helm ${major}`, () => {
    const ns = `smoke-helm${major}`;
    const rel = `smoke${major}`;

    before(async () => {
      await createNamespace(ns);
    });

    it(`is the pinned helm ${major} (3.18 / 4.1)`, async () => {
      const r = await helm(major, ['version', '--template', '{{.Version}}']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), `v${major === 3 ? cluster().versions.helm3 : cluster().versions.helm4}`);
    });

    it('installs the chart: the pre-install hook Job runs and succeeds', async () => {
      const r = await helm(major, ['install', rel, chart, '--namespace', ns, '--timeout', '120s']);
      assert.equal(r.code, 0, `helm install failed:\n${r.stderr}${r.stdout}`);
      assert.match(r.stdout, /STATUS: deployed/);
      const k = api();
      try {
        const job = expectStatus(await k.call('GET', `/apis/batch/v1/namespaces/${ns}/jobs/${rel}-pre-install`), 200).json;
        assert.ok(isRecord(job) && isRecord(job.status));
        assert.equal(job.status.succeeded, 1, JSON.stringify(job.status));
        const cm = await k.call('GET', `/api/v1/namespaces/${ns}/configmaps/${rel}-config`);
        assert.equal(cm.status, 200, cm.text);
      } finally {
        k.close();
      }
    });

    it("fails the upgrade on the failing post-upgrade hook Job, with Helm's message", async () => {
      const r = await helm(major, ['upgrade', rel, chart, '--namespace', ns, '--timeout', '120s']);
      assert.notEqual(r.code, 0, `helm upgrade should have failed:\n${r.stdout}`);
      assert.match(r.stderr, /post-upgrade hooks failed/);
      // Helm 3 waits on the Job itself; Helm 4 uses kstatus and words it differently.
      const reason =
        major === 3
          ? new RegExp(`job ${rel}-post-upgrade failed: BackoffLimitExceeded`)
          : new RegExp(`resource Job/${ns}/${rel}-post-upgrade not ready\\. status: Failed, message: Job Failed`);
      assert.match(r.stderr, reason);
    });

    it('runs helm test --logs: the test Pod succeeds and its output is shown', async () => {
      const r = await helm(major, ['test', rel, '--namespace', ns, '--timeout', '120s', '--logs']);
      assert.equal(r.code, 0, `helm test failed:\n${r.stderr}${r.stdout}`);
      // --logs: the test Pod's output, read by helm through the API server from the stand-in kubelet.
      assert.match(r.stdout, new RegExp(`checking ${rel}\\ntest passed`));
      assert.match(r.stdout, new RegExp(`TEST SUITE:\\s+${rel}-test`));
      assert.match(r.stdout, /Phase:\s+Succeeded/);
    });

    it("records the hooks' last runs in the release Secrets", async () => {
      const v1 = await readRelease(ns, rel, 1);
      assert.equal(v1.version, 1);
      const pre = v1.hooks?.find((h) => h.name === `${rel}-pre-install`);
      assert.ok(pre, `no pre-install hook in ${JSON.stringify(v1.hooks?.map((h) => h.name))}`);
      assert.deepEqual(pre.events, ['pre-install']);
      assert.equal(pre.kind, 'Job');
      assert.equal(pre.weight, -5);
      assert.equal(pre.last_run.phase, 'Succeeded');

      const v2 = await readRelease(ns, rel, 2);
      assert.equal(v2.info.status, 'failed');
      assert.match(v2.info.description ?? '', /post-upgrade hooks failed/);
      const post = v2.hooks?.find((h) => h.name === `${rel}-post-upgrade`);
      assert.ok(post);
      assert.deepEqual(post.events, ['post-upgrade']);
      assert.equal(post.last_run.phase, 'Failed');
      assert.ok(post.last_run.started_at && post.last_run.completed_at, JSON.stringify(post.last_run));
      const test = v2.hooks?.find((h) => h.name === `${rel}-test`);
      assert.ok(test);
      assert.equal(test.last_run.phase, 'Succeeded');
    });

    it("reads the failed hook pod's logs through the API server (pods/NAME/log)", async () => {
      const k = api();
      try {
        const list = expectStatus(await k.call('GET', `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(`job-name=${rel}-post-upgrade`)}`), 200);
        const pods = items(list.json);
        assert.equal(pods.length, 1, list.text.slice(0, 500));
        const pod = pods[0] ?? {};
        const meta = isRecord(pod.metadata) ? pod.metadata : {};
        const status = isRecord(pod.status) ? pod.status : {};
        assert.equal(status.phase, 'Failed');
        const cs: unknown = Array.isArray(status.containerStatuses) ? status.containerStatuses[0] : undefined;
        const term = isRecord(cs) && isRecord(cs.state) && isRecord(cs.state.terminated) ? cs.state.terminated : {};
        assert.equal(term.exitCode, 3, JSON.stringify(cs));
        assert.equal(term.reason, 'Error');
        const name = String(meta.name);

        const logs = expectStatus(await k.call('GET', `/api/v1/namespaces/${ns}/pods/${name}/log`), 200).text;
        assert.match(logs, /migrating schema to revision 2/);
        assert.match(logs, /error: migration failed: table users is locked/);

        const last = expectStatus(await k.call('GET', `/api/v1/namespaces/${ns}/pods/${name}/log?container=migrate&tailLines=1&timestamps=true`), 200).text;
        assert.match(last, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z error: migration failed: table users is locked\n$/);
      } finally {
        k.close();
      }
    });
  });
}
