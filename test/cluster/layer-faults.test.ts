// What the cluster layer shows when things go wrong, against the real API server: a server that cannot be
// reached, a certificate the kubeconfig does not trust, rejected and limited credentials, record objects
// that are not readable releases, and a watch connection that drops and comes back.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cluster, createNamespace, HelmMajor, run } from './cluster';
import { FaultProxy } from './faultProxy';
import {
  Cleanup,
  createRecordConfigMap,
  createRecordSecret,
  grant,
  helmEncode,
  hooksOrderChart,
  Layer,
  layer,
  loadReady,
  mustHelm,
  summary,
  waitForStore,
  writeKubeconfig,
} from './layer';
import { gzipSync } from 'node:zlib';

/** A 127.0.0.1 port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

function failedProblem(store: Layer.ClusterSession['store']): Layer.ClusterProblem {
  const st = store.state;
  assert.equal(st.kind, 'failed', `expected the store to fail, it is ${st.kind}: ${JSON.stringify(store.releases().map((r) => r.key))}`);
  return (st as { problem: Layer.ClusterProblem }).problem;
}

describe('cluster layer: faults', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('API server unreachable: the store fails with kind unreachable, naming the server', async () => {
    const server = `https://127.0.0.1:${await closedPort()}`;
    const { store } = cleanup.session({ kubeconfig: writeKubeconfig(cleanup.tempDir(), { server }) });
    const t0 = Date.now();
    await store.load();
    const p = failedProblem(store);
    assert.equal(p.kind, 'unreachable', p.message);
    assert.ok(p.message.includes(server), p.message);
    assert.match(p.message, /ECONNREFUSED/);
    assert.ok(Date.now() - t0 < 10000, 'a refused connection must fail fast, not wait for the request timeout');
    assert.deepEqual(store.releases(), []);
  });

  it('TLS: a kubeconfig that trusts another CA fails with kind tls', async () => {
    const dir = cleanup.tempDir();
    const r = await run('openssl', ['req', '-x509', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-keyout', join(dir, 'other.key'), '-out', join(dir, 'other-ca.crt'), '-days', '1', '-subj', '/CN=not-the-cluster-ca'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const { store } = cleanup.session({ kubeconfig: writeKubeconfig(dir, { caFile: join(dir, 'other-ca.crt') }) });
    await store.load();
    const p = failedProblem(store);
    assert.equal(p.kind, 'tls', p.message);
    assert.ok(p.message.includes(cluster().server), p.message);
    assert.match(p.message, /certificate-authority/);
  });

  it('401: a token the API server does not know fails with kind unauthorized', async () => {
    const { store } = cleanup.session({ kubeconfig: writeKubeconfig(cleanup.tempDir(), { token: 'not-a-token-of-this-cluster', user: 'stale-user' }) });
    await store.load();
    const p = failedProblem(store);
    assert.equal(p.kind, 'unauthorized', p.message);
    assert.equal(p.status, 401);
    assert.match(p.message, /stale-user/);
    assert.ok(p.message.includes(cluster().server), p.message);
  });

  it('403 with namespace-only RBAC: all namespaces falls back to the context namespace and says so', async () => {
    const own = 'layer-rbac-own';
    const other = 'layer-rbac-other';
    await Promise.all([createNamespace(own), createNamespace(other)]);
    await mustHelm(3, ['install', 'mine3', hooksOrderChart, '--namespace', own, '--set', 'jobs=false']);
    await mustHelm(4, ['install', 'mine4', hooksOrderChart, '--namespace', own, '--set', 'jobs=false']);
    await mustHelm(4, ['install', 'theirs', hooksOrderChart, '--namespace', other, '--set', 'jobs=false']);
    const c = cluster();
    // Secrets only, in one namespace: ConfigMaps stay forbidden everywhere.
    await grant(own, c.limitedUser.name, ['secrets'], ['get', 'list', 'watch']);
    const kubeconfig = writeKubeconfig(cleanup.tempDir(), { user: c.limitedUser.name, token: c.tokens.limited, namespace: own });

    const secrets = cleanup.session({ kubeconfig, namespace: undefined, drivers: ['secret'] });
    assert.equal(secrets.target.namespace, own);
    await loadReady(secrets.store);
    assert.deepEqual(
      secrets.store.releases().map((e) => `${e.namespace}/${e.name}`),
      [`${own}/mine3`, `${own}/mine4`],
    );
    assert.equal(secrets.store.messages.length, 1, JSON.stringify(secrets.store.messages));
    assert.match(secrets.store.messages[0] ?? '', new RegExp(`Not allowed to list Secrets in all namespaces as ${c.limitedUser.name}: showing namespace ${own} only`));
    // get is allowed: the details load; and the watch is namespace-scoped, so it is allowed too.
    const info = await secrets.store.info(secrets.store.releases()[1]);
    assert.equal(info.helmMajor, 4);
    await mustHelm(3, ['upgrade', 'mine3', hooksOrderChart, '--namespace', own, '--set', 'jobs=false']);
    await waitForStore('the upgrade through the namespace watch', 10000, () => summary(secrets.store, own).includes('secret:mine3@2:deployed'), () => summary(secrets.store, own));
    assert.equal(secrets.store.connectionTrouble, undefined);

    // With both drivers: Secrets fall back, ConfigMaps cannot be listed even there, and the view says both.
    const both = cleanup.session({ kubeconfig, namespace: undefined, drivers: ['secret', 'configmap'] });
    await loadReady(both.store);
    assert.equal(both.store.releases().length, 2);
    const msgs = both.store.messages.join('\n');
    assert.match(msgs, new RegExp(`showing namespace ${own} only`));
    assert.match(msgs, new RegExp(`ConfigMap records are not shown: Not allowed to list ConfigMaps in namespace ${own} as user ${c.limitedUser.name} \\(403 Forbidden\\)`));

    // A namespace picked by the user is not replaced by another one.
    const picked = cleanup.session({ kubeconfig, namespace: other, drivers: ['secret'] });
    await picked.store.load();
    const p = failedProblem(picked.store);
    assert.equal(p.kind, 'forbidden', p.message);
    assert.equal(p.status, 403);
    assert.match(p.message, new RegExp(`list Secrets in namespace ${other} as user ${c.limitedUser.name}`));
  });

  it('a Role with list but no watch: the releases still show, with a forbidden trouble that names the watch', async () => {
    const ns = 'layer-rbac-nowatch';
    await createNamespace(ns);
    await mustHelm(4, ['install', 'listed', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false']);
    const c = cluster();
    await grant(ns, c.limitedUser.name, ['secrets'], ['get', 'list']);
    const kubeconfig = writeKubeconfig(cleanup.tempDir(), { user: c.limitedUser.name, token: c.tokens.limited, namespace: ns });
    const session = cleanup.session({ kubeconfig, namespace: ns, drivers: ['secret'] });
    await loadReady(session.store);
    assert.deepEqual(summary(session.store, ns), ['secret:listed@1:deployed']);
    await waitForStore('the watch refused', 15000, () => session.store.connectionTrouble !== undefined, () => [String(session.store.connectionTrouble?.problem.message)]);
    const t = session.store.connectionTrouble!;
    assert.equal(t.problem.kind, 'forbidden', t.problem.message);
    assert.match(t.problem.message, new RegExp(`watch Secrets in namespace ${ns} as user ${c.limitedUser.name}`));
    // What was listed stays on screen while the watch keeps being refused.
    assert.deepEqual(summary(session.store, ns), ['secret:listed@1:deployed']);
    assert.equal(session.store.state.kind, 'ready');
  });

  it('corrupt records: info() rejects with a RecordError naming the record; the other releases still load', async () => {
    const ns = 'layer-corrupt';
    await createNamespace(ns);
    await mustHelm(3, ['install', 'good3', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false']);
    await mustHelm(4, ['install', 'good4', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false']);
    const realGzip = gzipSync(Buffer.from(JSON.stringify({ name: 'cut-gzip', info: { status: 'deployed' }, hooks: [] }).repeat(20)));
    const broken: { name: string; create: () => Promise<void>; error: RegExp }[] = [
      { name: 'bad-base64', create: () => createRecordSecret(ns, 'bad-base64', 1, '%%% not base64 %%%'), error: /is not valid base64 \(Helm's encoding of the release\)/ },
      { name: 'bad-gzip', create: () => createRecordSecret(ns, 'bad-gzip', 1, Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08]), Buffer.from('definitely not deflate data')]).toString('base64')), error: /is corrupt: its gzip data cannot be decompressed/ },
      { name: 'cut-gzip', create: () => createRecordSecret(ns, 'cut-gzip', 1, realGzip.subarray(0, realGzip.length >> 1).toString('base64')), error: /is truncated: its gzip data ends early/ },
      { name: 'bad-json', create: () => createRecordSecret(ns, 'bad-json', 1, helmEncode('{"name": "bad-json", "info": {"status": ')), error: /is not valid JSON after decoding/ },
      { name: 'no-data', create: () => createRecordSecret(ns, 'no-data', 1, undefined), error: /has no release data \(data\.release is missing or empty\)/ },
      { name: 'not-object', create: () => createRecordSecret(ns, 'not-object', 1, helmEncode('["hooks"]')), error: /does not hold a Helm release: its JSON is an array/ },
      // ConfigMap data is not base64-encoded by the API: a bad payload reaches Helm's layer directly.
      { name: 'cm-bad-base64', create: () => createRecordConfigMap(ns, 'cm-bad-base64', 1, 'not*base64!'), error: /is not valid base64/ },
    ];
    for (const b of broken) await b.create();
    // JSON that lacks the release fields is read leniently (a design choice of records/release.ts):
    // identity and status come from the labels, and there are no hooks to show.
    await createRecordSecret(ns, 'bare', 1, helmEncode('{}'));

    const { store } = cleanup.session({ kubeconfig: cluster().adminKubeconfig, namespace: ns });
    await loadReady(store);
    assert.deepEqual(
      store.releases().map((e) => `${e.driver}:${e.name}@${e.latest.revision}:${e.latest.status}`),
      ['secret:bad-base64@1:deployed', 'secret:bad-gzip@1:deployed', 'secret:bad-json@1:deployed', 'secret:bare@1:deployed', 'configmap:cm-bad-base64@1:deployed', 'secret:cut-gzip@1:deployed', 'secret:good3@1:deployed', 'secret:good4@1:deployed', 'secret:no-data@1:deployed', 'secret:not-object@1:deployed'],
    );
    const { RecordError } = layer();
    const byName = (name: string): Layer.ReleaseEntry => store.releases().find((e) => e.name === name)!;
    // All at once, as the view asks when a namespace is expanded.
    const results = await Promise.allSettled(broken.map((b) => store.info(byName(b.name))));
    broken.forEach((b, i) => {
      const r = results[i];
      assert.equal(r.status, 'rejected', `${b.name} decoded: ${JSON.stringify(r)}`);
      const err = r.reason as Error;
      assert.ok(err instanceof RecordError, `${b.name}: ${String(err)}`);
      assert.equal(err.objectName, `sh.helm.release.v1.${b.name}.v1`);
      assert.ok(err.message.startsWith(`Release record sh.helm.release.v1.${b.name}.v1 `), err.message);
      assert.match(err.message, b.error);
      assert.doesNotMatch(err.message, /definitely|%%%|hooks"|deflate/, 'the message must not quote the payload');
    });
    for (const [name, major] of [
      ['good3', 3],
      ['good4', 4],
    ] as [string, HelmMajor][]) {
      const info = await store.info(byName(name));
      assert.equal(info.helmMajor, major);
      assert.equal(info.hooks.length, 8);
    }
    const bare = await store.info(byName('bare'));
    assert.deepEqual([bare.name, bare.namespace, bare.revision, bare.status, bare.hooks.length, bare.chart], ['bare', ns, 1, 'deployed', 0, undefined]);
    assert.equal(store.state.kind, 'ready');
  });

  it('watch connection dropped: connectionTrouble while down, recovers and picks up releases installed meanwhile', async () => {
    const ns = 'layer-dropped';
    await createNamespace(ns);
    const proxy = await FaultProxy.start(cluster().server);
    cleanup.add(() => proxy.close());
    const { store } = cleanup.session({ kubeconfig: writeKubeconfig(cleanup.tempDir(), { server: proxy.url }), namespace: ns, drivers: ['secret'] });
    await loadReady(store);
    let troubleSeen: { problem: Layer.ClusterProblem; retryAt: number | undefined } | undefined;
    store.onDidChange(() => {
      troubleSeen ??= store.connectionTrouble;
    });
    // The watch is live: an install made now reaches the store through it.
    await mustHelm(3, ['install', 'before', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false']);
    await waitForStore('the install through the watch', 10000, () => summary(store, ns).length === 1, () => summary(store, ns));

    const cut = await proxy.cutAndRefuse();
    assert.ok(cut >= 1, 'no connection was open to cut: the watch was not connected');
    await waitForStore('connectionTrouble after the cut', 15000, () => store.connectionTrouble !== undefined, () => store.state);
    const trouble = store.connectionTrouble!;
    assert.equal(trouble.problem.kind, 'unreachable', trouble.problem.message);
    assert.ok(trouble.problem.message.includes(proxy.url), trouble.problem.message);
    assert.ok(trouble.retryAt !== undefined && trouble.retryAt > Date.now() - 60000, String(trouble.retryAt));
    assert.equal(troubleSeen?.problem.kind, 'unreachable', 'onDidChange must fire when the trouble starts');
    // What was listed stays shown.
    assert.equal(store.state.kind, 'ready');
    assert.deepEqual(summary(store, ns), ['secret:before@1:deployed']);

    // helm goes to the API server directly: these releases appear while the store cannot see them.
    await mustHelm(3, ['install', 'during3', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false']);
    await mustHelm(4, ['install', 'during4', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false']);
    assert.notEqual(store.connectionTrouble, undefined, 'the trouble must last while connections are refused');
    assert.deepEqual(summary(store, ns), ['secret:before@1:deployed']);

    await proxy.accept();
    await waitForStore(
      'recovery after the proxy accepts again',
      60000,
      () => store.connectionTrouble === undefined && summary(store, ns).length === 3,
      () => ({ trouble: store.connectionTrouble?.problem.message, releases: summary(store, ns) }),
    );
    assert.deepEqual(summary(store, ns), ['secret:before@1:deployed', 'secret:during3@1:deployed', 'secret:during4@1:deployed']);
    assert.equal(store.state.kind, 'ready');
    const info = await store.info(store.releases().find((e) => e.name === 'during4')!);
    assert.equal(info.helmMajor, 4);
    // And the watch is live again.
    await mustHelm(4, ['upgrade', 'during4', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false']);
    await waitForStore('an upgrade after the recovery', 10000, () => summary(store, ns).includes('secret:during4@2:deployed'), () => summary(store, ns));
  });
});
