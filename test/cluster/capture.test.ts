// Capture of hook runs while they run (issue 14), through the cluster layer as the extension loads it
// (dist/cluster.js), for releases made by the real helm 3.18 and 4.1 against the real API server, whose Job
// controller and garbage collector delete what Helm's delete policies ask for. The pods run on the
// stand-in kubelet (no real kubelet can run here); the logs reach the capture proxied by the real API server.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, cluster, createNamespace, helm, HelmMajor, repoRoot, waitFor } from './cluster';
import { FaultProxy } from './faultProxy';
import { Cleanup, Layer, layer, loadReady, writeKubeconfig } from './layer';

const chart = join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'hooks-capture');
const TIMEOUT = 15000;

type Session = Layer.ClusterSession;

function open(clean: Cleanup, namespace: string, root: string, kubeconfig = cluster().adminKubeconfig): Session {
  const L = layer();
  return clean.session({ kubeconfig, namespace, drivers: ['secret'], requestTimeoutMs: TIMEOUT, capture: { store: new L.CaptureStore(root), lingerMs: 20000 } });
}

/** Waits until the API server has no pods of the hook's Job left (the garbage collector removed them). */
async function podsGone(namespace: string, job: string): Promise<void> {
  const k = api();
  try {
    await waitFor(`the pods of Job ${namespace}/${job} to be deleted`, 120_000, async () => {
      const r = await k.call('GET', `/api/v1/namespaces/${namespace}/pods?labelSelector=job-name%3D${job}`);
      const items = (r.json as { items?: unknown[] }).items;
      return r.status === 200 && Array.isArray(items) && items.length === 0 ? true : undefined;
    });
  } finally {
    k.close();
  }
}

/** The closed capture of one hook's latest run. */
async function closedCapture(session: Session, release: string, hookName: string): Promise<Layer.CapturedRun> {
  const store = session.capture?.store;
  assert.ok(store, 'the session captures');
  const meta = await waitFor(`the capture of ${hookName} to close`, 120_000, async () => {
    const [m] = await store.list({ context: session.target.context, release, hookName });
    return m?.closed === true ? m : undefined;
  }).catch(async (err: unknown) => {
    const all = await store.list({ context: session.target.context, release });
    throw new Error(`${err instanceof Error ? err.message : String(err)}; captures of ${release}: ${JSON.stringify(all.map((m) => ({ ...m, evidence: undefined })))}`);
  });
  const run = await store.read(meta.key);
  assert.ok(run, 'the closed capture can be read');
  return run;
}

function textOf(run: Layer.CapturedRun, container: string): string {
  const c = run.containers.find((x) => x.capture.container === container);
  assert.ok(c, `container ${container} was captured (have: ${run.containers.map((x) => x.capture.container).join(', ')}; notes: ${run.meta.notes.map((n) => `${n.at} ${n.kind}: ${n.text}`).join(' | ')})`);
  assert.equal(c.tail, '', 'nothing was dropped from the middle');
  return c.head;
}

function numbered(prefix: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join('');
}

for (const major of [3, 4] as HelmMajor[]) {
  describe(`capture: hook logs kept after Helm deletes the pods (helm ${major})`, () => {
    const ns = `capture-h${major}`;
    const clean = new Cleanup();
    let session: Session;

    before(async () => {
      await createNamespace(ns);
      session = open(clean, ns, clean.tempDir());
      await loadReady(session.store);
    });
    after(() => clean.run());

    it('keeps every line of a failed hook-failed Job in order, after the garbage collector removed its pods', async () => {
      const r = await helm(major, ['install', 'fails', chart, '--namespace', ns, '--set', 'migrateExit=1', '--timeout', '120s']);
      assert.notEqual(r.code, 0, 'the install fails on its pre-install hook');
      await podsGone(ns, 'fails-migrate');
      const run = await closedCapture(session, 'fails', 'fails-migrate');
      assert.equal(textOf(run, 'migrate'), `${numbered('migrate line', 200)}migrate: exiting 1\n`);
      const c = run.meta.containers.find((x) => x.container === 'migrate');
      assert.equal(c?.complete, true, `the log was read to its end (notes: ${run.meta.notes.map((n) => `${n.kind}: ${n.text}`).join(' | ')})`);
      assert.equal(c?.exitCode, 1);
      assert.equal(run.meta.outcome?.phase, 'Failed', 'the record\'s outcome');
      assert.ok(run.meta.objectDeletedAt, 'the watch saw Helm delete the Job (hook-failed)');
      assert.deepEqual(run.meta.deletePolicies, ['hook-failed']);
      assert.ok(run.meta.notes.some((n) => n.kind === 'pod-deleted'), 'the pod deletion is noted');
      const evidence = run.meta.evidence.job as { status?: { conditions?: { type?: string; reason?: string }[] } } | undefined;
      assert.ok(evidence?.status?.conditions?.some((x) => x.type === 'Failed' && x.reason === 'BackoffLimitExceeded'), 'the Job\'s Failed condition is kept as evidence');
    });

    it('keeps a hook-succeeded Job\'s lines, init container first, and a helm test Job\'s, after their pods are gone', async () => {
      const r = await helm(major, ['install', 'works', chart, '--namespace', ns, '--timeout', '120s']);
      assert.equal(r.code, 0, r.stderr);
      await podsGone(ns, 'works-warm');
      const warm = await closedCapture(session, 'works', 'works-warm');
      assert.deepEqual(
        warm.containers.map((c) => `${c.capture.init ? 'init' : 'main'}:${c.capture.container}`),
        ['init:wait', 'main:warm'],
      );
      assert.equal(textOf(warm, 'wait'), 'warm init: ready\n');
      assert.equal(textOf(warm, 'warm'), numbered('warm line', 100));
      assert.ok(warm.meta.objectDeletedAt, 'the watch saw Helm delete the Job (hook-succeeded)');

      const t = await helm(major, ['test', 'works', '--namespace', ns, '--timeout', '120s']);
      assert.equal(t.code, 0, t.stderr);
      await podsGone(ns, 'works-check');
      const check = await closedCapture(session, 'works', 'works-check');
      assert.equal(textOf(check, 'check'), numbered('check line', 50));
      assert.deepEqual(check.meta.events, ['test']);
    });
  });
}

describe('capture: breaks and reloads lose no line', () => {
  const ns = 'capture-breaks';
  const clean = new Cleanup();
  before(() => createNamespace(ns));
  afterEach(() => clean.run());

  /** Starts a slow failing install in the background; resolves when the capture has read `lines` of it. */
  async function slowInstall(session: Session, release: string, lines: number): Promise<{ done: Promise<unknown> }> {
    const done = helm(3, ['install', release, chart, '--namespace', ns, '--set', 'migrateExit=1', '--set', 'migrateLines=60', '--set', 'pause=0.1', '--timeout', '120s']);
    const store = session.capture?.store;
    assert.ok(store);
    await waitFor(`the capture to read ${lines} lines of ${release}`, 60_000, async () => {
      const [m] = await store.list({ context: session.target.context, release });
      return (m?.containers[0]?.lines ?? 0) >= lines ? true : undefined;
    });
    // Wrapped: an async function returning the promise itself would wait for the install to end.
    return { done };
  }

  it('marks a broken connection as a gap and re-reads the log, so every line is kept once', async () => {
    const proxy = await FaultProxy.start(cluster().server);
    clean.add(() => proxy.close());
    const kubeconfig = writeKubeconfig(clean.tempDir(), { server: proxy.url });
    const session = open(clean, ns, clean.tempDir(), kubeconfig);
    await loadReady(session.store);
    const installing = await slowInstall(session, 'cut', 5);
    assert.ok((await proxy.cutAndRefuse()) > 0, 'open connections were cut');
    await proxy.accept();
    await installing.done;
    await podsGone(ns, 'cut-migrate');
    const run = await closedCapture(session, 'cut', 'cut-migrate');
    assert.equal(textOf(run, 'migrate'), `${numbered('migrate line', 60)}migrate: exiting 1\n`);
    assert.ok(run.meta.notes.some((n) => n.kind === 'gap'), 'the break is marked');
    assert.ok(run.meta.notes.some((n) => n.kind === 'resumed' && /nothing is lost/.test(n.text)), 'and the re-read says nothing was lost');
  });

  it('resumes in a second capture on the same store after the first one closed mid-run (a window reload)', async () => {
    const root = clean.tempDir();
    const first = open(clean, ns, root);
    await loadReady(first.store);
    const installing = await slowInstall(first, 'reload', 5);
    await first.dispose();
    const second = open(clean, ns, root);
    await loadReady(second.store);
    await installing.done;
    await podsGone(ns, 'reload-migrate');
    const run = await closedCapture(second, 'reload', 'reload-migrate');
    assert.equal(textOf(run, 'migrate'), `${numbered('migrate line', 60)}migrate: exiting 1\n`, 'every line once, in order');
    assert.ok(run.meta.notes.some((n) => n.kind === 'gap' && /resumed/i.test(n.text)), 'the reload is marked as a gap');
  });
});
