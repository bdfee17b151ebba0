import { execFile } from 'node:child_process';
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
  /** The last 64 KiB of each stream, for the result message. */
  stdout: string;
  stderr: string;
}

export interface HelmRunOptions {
  env: NodeJS.ProcessEnv;
  /** helm is stopped when it runs longer than this. */
  deadlineMs: number;
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** How long helm gets to stop on SIGTERM before SIGKILL. */
  graceMs?: number;
}

export interface HelmRun {
  readonly pid: number | undefined;
  readonly done: Promise<HelmExit>;
  /** Ends helm (SIGTERM, then SIGKILL after the grace time); `done` then resolves with cancelled. */
  cancel(): void;
}

const TAIL = 64 * 1024;

/** Runs helm with execFile and an argument array (never through a shell), streaming its output. */
export function runHelm(helm: string, args: readonly string[], opts: HelmRunOptions): HelmRun {
  let cancelled = false;
  let timedOut = false;
  let exited = false;
  let stdout = '';
  let stderr = '';
  let killTimer: NodeJS.Timeout | undefined;
  let resolveDone!: (e: HelmExit) => void;
  const done = new Promise<HelmExit>((r) => (resolveDone = r));

  let pipes: NodeJS.Timeout | undefined;
  let settled = false;
  const settle = (err: Error | null): void => {
    if (settled) return;
    settled = true;
    exited = true;
    clearTimeout(deadline);
    clearTimeout(killTimer);
    clearTimeout(pipes);
    const e: (NodeJS.ErrnoException & { code?: string | number }) | null = err;
    let startProblem: HelmProblem | undefined;
    if (e?.code === 'ENOENT') startProblem = new HelmProblem('missing', `helm was not found at ${helm}.`);
    else if (e?.code === 'EACCES') startProblem = new HelmProblem('not-executable', `${helm} cannot be run (permission denied).`);
    const code = startProblem !== undefined || child.signalCode !== null ? null : (child.exitCode ?? (e ? 1 : 0));
    resolveDone({ code, signal: child.signalCode, cancelled, timedOut, startProblem, stdout, stderr });
  };
  const child = execFile(helm, [...args], { env: opts.env, windowsHide: true, maxBuffer: 32 * 1024 * 1024, encoding: 'utf8' }, settle);
  child.on('exit', () => {
    exited = true;
    // A credential plugin helm started can outlive it and hold its output pipes open: once helm is gone,
    // its result must not wait for them.
    pipes = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      settle(null);
    }, 2000);
  });
  child.stdout?.on('data', (chunk: string) => {
    stdout = (stdout + chunk).slice(-TAIL);
    opts.onOutput?.(chunk, 'stdout');
  });
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-TAIL);
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

  return {
    pid: child.pid,
    done,
    cancel: () => {
      if (exited) return;
      cancelled = true;
      stop();
    },
  };
}
