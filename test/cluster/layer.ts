// Helpers for the cluster-layer tests (test/cluster/layer-*.test.ts): the layer as the extension loads it
// (the bundle dist/cluster.js, built by scripts/bundle.mjs), kubeconfig variants in temporary folders,
// sessions that are disposed after each test, and hand-made release record objects.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type * as Layer from '../../client/src/cluster';
import { api, cluster, expectStatus, helm, HelmMajor, repoRoot, waitFor } from './cluster';
import { isRecord } from './kubelet/api';

export type { Layer };

const bundle = join(repoRoot, 'dist', 'cluster.js');

/** The cluster layer's public API from the bundle the extension loads (not the tsc output). */
export function layer(): typeof Layer {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run node scripts/bundle.mjs first`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(bundle) as typeof Layer;
}

export const hooksOrderChart = join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'hooks-order');

/** Runs helm and fails with its output unless it exits 0. */
export async function mustHelm(major: HelmMajor, args: string[], env: Record<string, string> = {}): Promise<string> {
  const r = await helm(major, args, 300000, env);
  assert.equal(r.code, 0, `helm ${major} ${args.join(' ')} failed (exit ${r.code}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Disposes sessions and removes temporary folders made during a test (call from afterEach/after). */
export class Cleanup {
  private readonly sessions: Layer.ClusterSession[] = [];
  private readonly dirs: string[] = [];
  private readonly fns: (() => unknown)[] = [];

  session(opts: Partial<Layer.SessionOptions> & { kubeconfig: string }): Layer.ClusterSession {
    const s = layer().openSession({ context: undefined, namespace: undefined, drivers: ['secret', 'configmap'], requestTimeoutMs: 10000, ...opts });
    this.sessions.push(s);
    return s;
  }

  tempDir(): string {
    const d = mkdtempSync(join(tmpdir(), 'helm-hooks-layer-test-'));
    this.dirs.push(d);
    return d;
  }

  add(fn: () => unknown): void {
    this.fns.push(fn);
  }

  async run(): Promise<void> {
    for (const s of this.sessions.splice(0)) await s.dispose();
    for (const fn of this.fns.splice(0).reverse()) await fn();
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

export interface KubeconfigSpec {
  server?: string;
  /** certificate-authority file; default the cluster's CA. */
  caFile?: string;
  token?: string;
  user?: string;
  namespace?: string;
  /** The user's credential lines under `user:` (client certificate, exec plugin); default the token. Empty: none. */
  credentials?: string[];
}

/** Writes a one-context kubeconfig (default: the admin user against the real API server). */
export function writeKubeconfig(dir: string, spec: KubeconfigSpec = {}, file = 'kubeconfig'): string {
  const c = cluster();
  const user = spec.user ?? 'admin';
  const path = join(dir, file);
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: helm-hooks',
      '  cluster:',
      `    server: ${spec.server ?? c.server}`,
      `    certificate-authority: ${spec.caFile ?? c.caFile}`,
      'users:',
      `- name: ${user}`,
      ...(spec.credentials?.length === 0 ? ['  user: {}'] : ['  user:', ...(spec.credentials ?? [`    token: ${spec.token ?? c.tokens.admin}`])]),
      'contexts:',
      `- name: ${user}@helm-hooks`,
      '  context:',
      '    cluster: helm-hooks',
      `    user: ${user}`,
      ...(spec.namespace ? [`    namespace: ${spec.namespace}`] : []),
      `current-context: ${user}@helm-hooks`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return path;
}

/** Loads the store and fails unless it ends ready. */
export async function loadReady(store: Layer.ClusterSession['store']): Promise<void> {
  await store.load();
  const st = store.state;
  assert.equal(st.kind, 'ready', st.kind === 'failed' ? `store failed: ${st.problem.kind}: ${st.problem.message}` : '');
}

/** The store's entries in one namespace, as `name@revision:status` (a readable thing to compare). */
export function summary(store: Layer.ClusterSession['store'], namespace: string): string[] {
  return store
    .releases()
    .filter((e) => e.namespace === namespace)
    .map((e) => `${e.driver}:${e.name}@${e.latest.revision}:${e.latest.status}`);
}

/** Polls (never reloading anything) until `check` holds; fails naming what was seen last. */
export async function waitForStore(
  what: string,
  timeoutMs: number,
  check: () => boolean,
  describeSeen: () => unknown,
): Promise<void> {
  try {
    await waitFor(what, timeoutMs, () => Promise.resolve(check() ? true : undefined));
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen: ${JSON.stringify(describeSeen())}`);
  }
}

/** Labels Helm puts on a record object. */
export function recordLabels(release: string, revision: number, status = 'deployed'): Record<string, string> {
  return { owner: 'helm', name: release, version: String(revision), status };
}

/** Helm's encoding of release JSON: gzip, then base64 (pkg/storage/driver/util.go encodeRelease). */
export function helmEncode(json: string): string {
  return gzipSync(Buffer.from(json, 'utf8')).toString('base64');
}

/**
 * Creates a Secret the way Helm's secret driver does (type helm.sh/release.v1, Helm's labels), with
 * `helmPayload` as Helm's own (already base64) text; `undefined` leaves data.release out.
 */
export async function createRecordSecret(namespace: string, release: string, revision: number, helmPayload: string | undefined): Promise<void> {
  const k = api();
  try {
    expectStatus(
      await k.call('POST', `/api/v1/namespaces/${namespace}/secrets`, {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'helm.sh/release.v1',
        metadata: { name: `sh.helm.release.v1.${release}.v${revision}`, labels: recordLabels(release, revision) },
        data: helmPayload === undefined ? {} : { release: Buffer.from(helmPayload, 'latin1').toString('base64') },
      }),
      201,
    );
  } finally {
    k.close();
  }
}

/** Creates a ConfigMap the way Helm's configmap driver does; `rawRelease` is data.release verbatim. */
export async function createRecordConfigMap(namespace: string, release: string, revision: number, rawRelease: string): Promise<void> {
  const k = api();
  try {
    expectStatus(
      await k.call('POST', `/api/v1/namespaces/${namespace}/configmaps`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `sh.helm.release.v1.${release}.v${revision}`, labels: recordLabels(release, revision) },
        data: { release: rawRelease },
      }),
      201,
    );
  } finally {
    k.close();
  }
}

/** Creates a Role and RoleBinding giving `user` the verbs on the resources in one namespace. */
export async function grant(namespace: string, user: string, resources: string[], verbs: string[]): Promise<void> {
  const k = api();
  try {
    const name = `helm-hooks-test-${user}`;
    expectStatus(
      await k.call('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name },
        rules: [{ apiGroups: [''], resources, verbs }],
      }),
      201,
    );
    expectStatus(
      await k.call('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
      }),
      201,
    );
    // RBAC changes take effect through the API server's informers: wait until the grant is visible.
    const limited = api('limited');
    try {
      await waitFor(`RBAC grant for ${user} in ${namespace}`, 30000, async () => {
        const r = await limited.call('GET', `/api/v1/namespaces/${namespace}/${resources[0]}?limit=1`);
        return r.status === 200 ? true : undefined;
      });
    } finally {
      limited.close();
    }
  } finally {
    k.close();
  }
}

/** Go's RFC 3339 time with nanoseconds as a sortable count of nanoseconds (JS Date keeps only ms). */
export function nanos(rfc3339: string): bigint {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(rfc3339);
  if (!m) throw new Error(`not an RFC 3339 time: ${JSON.stringify(rfc3339)}`);
  const seconds = BigInt(Date.parse(`${m[1]}${m[3]}`)) / 1000n;
  return seconds * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

export { isRecord };
