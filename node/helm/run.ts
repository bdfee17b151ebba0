import { spawn } from 'node:child_process';
import { HelmProblem } from './problem';

export interface HelmExit {
  /** Exit code, or null when helm was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  cancelled: boolean;
  /** Still running at the deadline, and stopped. */
  timedOut: boolean;
  /** helm could not be started (missing, not executable). */
  startProblem: HelmProblem | undefined;
  /** The last `tailChars` of each stream, for the result message. */
  stdout: string;
  stderr: string;
}

export interface HelmRunOptions {
  env: NodeJS.ProcessEnv;
  /** helm is stopped when it runs longer than this. */
  deadlineMs: number;
  /** Everything helm prints, as it prints it: the only way to see more than the tails. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** How long helm gets to stop on SIGTERM before SIGKILL. */
  graceMs?: number;
  /** Aborting it is `cancel()`. */
  signal?: AbortSignal;
  /** How much of each stream `HelmExit` keeps (default 64 Ki characters). */
  tailChars?: number;
  cwd?: string;
}

export interface HelmRun {
  readonly pid: number | undefined;
  readonly done: Promise<HelmExit>;
  /** Ends helm (SIGTERM, then SIGKILL after the grace time); `done` then resolves with cancelled. */
  cancel(): void;
}

const TAIL = 64 * 1024;

/**
 * Runs helm with an argument array (never through a shell), streaming its output to `onOutput` and keeping
 * only a tail of each stream, so however much helm prints, memory stays bounded and helm is never killed for it.
 */
export function runHelm(helm: string, args: readonly string[], opts: HelmRunOptions): HelmRun {
  const tail = opts.tailChars ?? TAIL;
  let cancelled = false;
  let timedOut = false;
  let exited = false;
  let stdout = '';
  let stderr = '';
  let killTimer: NodeJS.Timeout | undefined;
  let pipes: NodeJS.Timeout | undefined;
  let resolveDone!: (e: HelmExit) => void;
  const done = new Promise<HelmExit>((r) => (resolveDone = r));

  const child = spawn(helm, [...args], { env: opts.env, cwd: opts.cwd, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });

  let settled = false;
  const settle = (code: number | null, sig: NodeJS.Signals | null, err?: NodeJS.ErrnoException): void => {
    if (settled) return;
    settled = true;
    exited = true;
    clearTimeout(deadline);
    clearTimeout(killTimer);
    clearTimeout(pipes);
    opts.signal?.removeEventListener('abort', cancel);
    let startProblem: HelmProblem | undefined;
    if (err?.code === 'ENOENT') startProblem = new HelmProblem('missing', `helm was not found at ${helm}.`);
    else if (err?.code === 'EACCES') startProblem = new HelmProblem('not-executable', `${helm} cannot be run (permission denied).`);
    else if (err !== undefined && code === null && sig === null) code = 1;
    resolveDone({ code: startProblem ? null : code, signal: startProblem ? null : sig, cancelled, timedOut, startProblem, stdout, stderr });
  };
  child.on('error', (err: NodeJS.ErrnoException) => {
    // Also raised when a kill fails; only a failure to start ends the run.
    if (child.pid === undefined) settle(null, null, err);
  });
  child.on('close', (code, sig) => settle(code, sig));
  child.on('exit', (code, sig) => {
    exited = true;
    // A credential plugin helm started can outlive it and hold its output pipes open: once helm is gone,
    // its result must not wait for them.
    pipes = setTimeout(() => {
      child.stdout.destroy();
      child.stderr.destroy();
      settle(code, sig);
    }, 2000);
  });
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout = keepTail(stdout, chunk, tail);
    opts.onOutput?.(chunk, 'stdout');
  });
  child.stderr.on('data', (chunk: string) => {
    stderr = keepTail(stderr, chunk, tail);
    opts.onOutput?.(chunk, 'stderr');
  });

  const signal = (sig: NodeJS.Signals): void => {
    if (exited || child.pid === undefined) return;
    child.kill(sig);
  };
  const stop = (): void => {
    signal('SIGTERM');
    killTimer ??= setTimeout(() => signal('SIGKILL'), opts.graceMs ?? 3000);
  };
  const deadline = setTimeout(() => {
    timedOut = true;
    stop();
  }, opts.deadlineMs);
  function cancel(): void {
    if (exited) return;
    cancelled = true;
    stop();
  }
  if (opts.signal?.aborted) cancel();
  else opts.signal?.addEventListener('abort', cancel, { once: true });

  return { pid: child.pid, done, cancel };
}

function keepTail(kept: string, chunk: string, max: number): string {
  if (chunk.length >= max) return chunk.slice(-max);
  const joined = kept + chunk;
  return joined.length > max ? joined.slice(-max) : joined;
}
