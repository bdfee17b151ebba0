// Restarting the real kube-apiserver of the local cluster, for the restart test: stopped by its recorded
// PID (after checking its command line still names the cluster's state folder), started again with the
// very command line, environment and working folder it ran with (read from /proc), logging to the same
// file. pids.json is updated so that stop.mjs and the watchdog stop the new process.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, cluster, waitFor } from './cluster';

export interface ApiserverLaunch {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function procText(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  const stat = procText(pid, 'stat');
  return stat !== undefined && !/\) [ZX] /.test(stat);
}

/** /proc/PID/stat field 22, as scripts/cluster/common.mjs records it. */
function startTimeOf(pid: number): string | undefined {
  const stat = procText(pid, 'stat');
  return stat === undefined ? undefined : stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

/**
 * Stops the running kube-apiserver: SIGTERM, then SIGKILL after `graceMs` (v1.20 stops listening at once
 * on SIGTERM but then waits up to a minute for open requests such as watches). Resolves with how to start
 * it again.
 */
export async function stopApiserver(graceMs = 3000): Promise<ApiserverLaunch> {
  const c = cluster();
  const pid = c.pids['kube-apiserver'];
  if (pid === undefined) throw new Error('no kube-apiserver PID recorded');
  const argv = (procText(pid, 'cmdline') ?? '').split('\0').filter((a) => a !== '');
  if (!argv.some((a) => a.includes(c.stateDir)) || !/kube-apiserver/.test(argv[0] ?? '')) {
    throw new Error(`PID ${pid} is not this cluster's kube-apiserver: ${argv.join(' ').slice(0, 200)}`);
  }
  const env: NodeJS.ProcessEnv = {};
  for (const kv of (procText(pid, 'environ') ?? '').split('\0')) {
    const i = kv.indexOf('=');
    if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  const cwd = readlinkSync(`/proc/${pid}/cwd`);
  process.kill(pid, 'SIGTERM');
  try {
    await waitFor(`kube-apiserver (PID ${pid}) to exit`, graceMs, () => Promise.resolve(alive(pid) ? undefined : true));
  } catch {
    process.kill(pid, 'SIGKILL');
    await waitFor(`kube-apiserver (PID ${pid}) to exit after SIGKILL`, 10000, () => Promise.resolve(alive(pid) ? undefined : true));
  }
  return { argv, env, cwd };
}

/** Starts kube-apiserver again as it ran before and waits for its /readyz. */
export async function startApiserver(launch: ApiserverLaunch, timeoutMs = 90000): Promise<void> {
  const c = cluster();
  const log = openSync(join(c.stateDir, 'logs', 'kube-apiserver.log'), 'a');
  const [file, ...args] = launch.argv;
  if (file === undefined) throw new Error('empty kube-apiserver command line');
  const child = spawn(file, args, { cwd: launch.cwd, env: launch.env, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${file}`);
  child.unref();
  const pid = child.pid;
  // Keep stop.mjs and the watchdog able to stop it (they stop by the PIDs in pids.json only).
  const pidsFile = join(c.stateDir, 'pids.json');
  const pids = JSON.parse(readFileSync(pidsFile, 'utf8')) as Record<string, unknown>;
  pids['kube-apiserver'] = { pid, mustContain: c.stateDir, startTime: startTimeOf(pid) };
  writeFileSync(pidsFile, JSON.stringify(pids, null, 2) + '\n');
  c.pids['kube-apiserver'] = pid;

  const k = api();
  try {
    await waitFor('kube-apiserver /readyz after the restart', timeoutMs, async () => {
      if (!alive(pid)) throw new Error(`kube-apiserver exited after the restart; see ${join(c.stateDir, 'logs', 'kube-apiserver.log')}`);
      const r = await k.call('GET', '/readyz', undefined, 'application/json', 3000).catch(() => undefined);
      return r?.status === 200 ? true : undefined;
    });
  } finally {
    k.close();
  }
}
