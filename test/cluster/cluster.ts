// The local test cluster for the cluster tier: started once per mocha run (globalFixture.ts) with
// scripts/cluster/start.mjs, stopped with scripts/cluster/stop.mjs, plus small helpers for tests:
// API calls, namespaces, running the real helm binaries, decoding release records.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ApiClient, ApiResult, describe as describeResult, isRecord } from './kubelet/api';

export const repoRoot = resolve(__dirname, '..', '..', '..');

export interface ClusterInfo {
  stateDir: string;
  server: string;
  caFile: string;
  adminKubeconfig: string;
  limitedKubeconfig: string;
  tokens: { admin: string; limited: string };
  limitedUser: { name: string; groups: string[] };
  nodeName: string;
  versions: { k8s: string; etcd: string; helm3: string; helm4: string };
  binaries: { helm3: string; helm4: string; kubectl: string };
  pids: Record<string, number>;
  startMs: number;
}

let current: ClusterInfo | undefined;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** execFile with an argument array; resolves with the exit code instead of rejecting on a non-zero one. */
export function run(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((res, rej) => {
    execFile(
      file,
      args,
      { env: opts.env ?? process.env, cwd: opts.cwd ?? repoRoot, timeout: opts.timeoutMs ?? 300000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return rej(new Error(`${file} ${args.join(' ')}: ${err.message}\n${stderr}`));
        res({ code: err ? Number(err.code) : 0, stdout, stderr });
      },
    );
  });
}

export async function startCluster(): Promise<ClusterInfo> {
  if (current) return current;
  const r = await run(process.execPath, [join(repoRoot, 'scripts', 'cluster', 'start.mjs'), '--json', '--owner-pid', String(process.pid)], {
    timeoutMs: 180000,
  });
  if (r.code !== 0) throw new Error(`scripts/cluster/start.mjs failed (exit ${r.code}):\n${r.stderr}${r.stdout}`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  current = JSON.parse(line) as ClusterInfo;
  return current;
}

export async function stopCluster(): Promise<void> {
  if (!current) return;
  const dir = current.stateDir;
  current = undefined;
  const r = await run(process.execPath, [join(repoRoot, 'scripts', 'cluster', 'stop.mjs'), '--state-dir', dir], { timeoutMs: 60000 });
  if (r.code !== 0) throw new Error(`scripts/cluster/stop.mjs failed (exit ${r.code}):\n${r.stderr}${r.stdout}`);
}

/** Uses a cluster another process started (a benchmark's child that loads it from the side). */
export function useCluster(info: ClusterInfo): void {
  current = info;
}

export function cluster(): ClusterInfo {
  if (!current) throw new Error('the local cluster is not started (run with test/mocharc.cluster.json)');
  return current;
}

/** An API client for the admin (default) or the limited user. */
export function api(user: 'admin' | 'limited' = 'admin'): ApiClient {
  const c = cluster();
  return new ApiClient({ server: c.server, ca: readFileSync(c.caFile), token: c.tokens[user] });
}

/** Fails with the API's own message unless the answer has one of the expected statuses. */
export function expectStatus(r: ApiResult, ...ok: number[]): ApiResult {
  if (!ok.includes(r.status)) throw new Error(`unexpected answer from the API server: ${describeResult(r)}`);
  return r;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

/** Creates a namespace and waits until pods can be created in it (its `default` ServiceAccount has a token). */
export async function createNamespace(name: string): Promise<void> {
  const k = api();
  try {
    expectStatus(await k.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }), 201, 409);
    await waitFor(`ServiceAccount ${name}/default`, 60000, async () => {
      const r = await k.call('GET', `/api/v1/namespaces/${name}/serviceaccounts/default`);
      return r.status === 200 && isRecord(r.json) && Array.isArray(r.json.secrets) && r.json.secrets.length > 0 ? true : undefined;
    });
  } finally {
    k.close();
  }
}

export type HelmMajor = 3 | 4;

/**
 * Runs the real helm (3.18 or 4.1) against the cluster as admin, with its own empty config/cache/data;
 * `extraEnv` adds variables (e.g. HELM_DRIVER=configmap).
 */
export function helm(major: HelmMajor, args: string[], timeoutMs = 300000, extraEnv: Record<string, string> = {}): Promise<Run> {
  const c = cluster();
  const home = join(c.stateDir, `helm${major}-home`);
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home };
  Object.assign(env, {
    KUBECONFIG: c.adminKubeconfig,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    NO_PROXY: '127.0.0.1,localhost',
    ...extraEnv,
  });
  return run(major === 3 ? c.binaries.helm3 : c.binaries.helm4, args, { env, timeoutMs });
}

/** A Helm release record as stored in a Secret (driver "secret"): the JSON Helm wrote. */
export interface ReleaseRecord {
  name: string;
  namespace: string;
  version: number;
  info: { status: string; description?: string };
  hooks?: Array<{
    name: string;
    kind: string;
    path: string;
    events: string[];
    last_run: { started_at: string; completed_at: string; phase: string };
    weight?: number;
    delete_policies?: string[];
  }>;
}

/** Decodes Secret data.release: base64 (the API's), base64 (Helm's), then gzip (when the magic says so). */
export function decodeRelease(secretDataRelease: string): ReleaseRecord {
  const helmB64 = Buffer.from(secretDataRelease, 'base64').toString('utf8');
  const raw = Buffer.from(helmB64, 'base64');
  const json = raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return JSON.parse(json) as ReleaseRecord;
}

export async function readRelease(namespace: string, name: string, revision: number): Promise<ReleaseRecord> {
  const k = api();
  try {
    const r = expectStatus(await k.call('GET', `/api/v1/namespaces/${namespace}/secrets/sh.helm.release.v1.${name}.v${revision}`), 200);
    const data = isRecord(r.json) && isRecord(r.json.data) ? r.json.data.release : undefined;
    if (typeof data !== 'string') throw new Error(`secret sh.helm.release.v1.${name}.v${revision} has no data.release`);
    return decodeRelease(data);
  } finally {
    k.close();
  }
}
