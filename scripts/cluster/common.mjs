// Shared by start.mjs and stop.mjs: where the provisioned binaries live, and how to stop processes by PID.
// Node built-ins only.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const VERSIONS = { k8s: '1.20.2', etcd: '3.4.23', helm3: '3.18.0', helm4: '4.1.4' };

/** Same rule as provision.sh. */
export function cacheDir(env = process.env) {
  if (env.HELM_HOOKS_CLUSTER_CACHE) return env.HELM_HOOKS_CLUSTER_CACHE;
  const xdg = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(xdg, 'helm-hooks', 'cluster');
}

export function binaries(env = process.env) {
  const c = cacheDir(env);
  const k8s = join(c, `k8s-${VERSIONS.k8s}-etcd-${VERSIONS.etcd}`, 'bin');
  return {
    cache: c,
    etcd: join(k8s, 'etcd'),
    kubeApiserver: join(k8s, 'kube-apiserver'),
    kubeControllerManager: join(k8s, 'kube-controller-manager'),
    helm3: join(c, `helm-${VERSIONS.helm3}`, 'bin', 'helm'),
    helm4: join(c, `helm-${VERSIONS.helm4}`, 'bin', 'helm'),
    kubectl: join(c, `helm-${VERSIONS.helm4}`, 'bin', 'kubectl'),
  };
}

export function missingBinaries(env = process.env) {
  const b = binaries(env);
  return Object.entries(b)
    .filter(([k, p]) => k !== 'cache' && !existsSync(p))
    .map(([, p]) => p);
}

/** The command line of a live process, or undefined when it is gone (or a zombie). */
export function cmdlineOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) [ZX] /.test(stat)) return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/** The process's start time (clock ticks since boot, /proc/PID/stat field 22), to tell a reused PID apart. */
export function startTimeOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export function alive(pid) {
  return cmdlineOf(pid) !== undefined;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Stops processes by PID: SIGTERM, then SIGKILL after graceMs. A PID is only signalled while its command
 * line still contains `mustContain` and its start time is still `startTime` (when given): guards against a
 * PID reused by an unrelated process.
 * `group: true` signals the process group (-pid) as well.
 */
export async function stopPids(entries, { graceMs = 5000 } = {}) {
  const live = entries.filter((e) => {
    const cmd = cmdlineOf(e.pid);
    return cmd !== undefined && (!e.mustContain || cmd.includes(e.mustContain)) && (!e.startTime || startTimeOf(e.pid) === e.startTime);
  });
  const signal = (e, sig) => {
    try {
      if (e.group) process.kill(-e.pid, sig);
    } catch {
      /* no such group */
    }
    try {
      process.kill(e.pid, sig);
    } catch {
      /* already gone */
    }
  };
  for (const e of live) signal(e, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && live.some((e) => alive(e.pid))) await sleep(50);
  for (const e of live) if (alive(e.pid) || e.group) signal(e, 'SIGKILL');
  const until = Date.now() + 2000;
  while (Date.now() < until && live.some((e) => alive(e.pid))) await sleep(20);
  return live.map((e) => e.pid);
}
