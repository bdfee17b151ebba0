import { explainHook } from '../diagnosis';
import { ApiConnection } from '../kube/http';
import { CollectedTest, TestLogCollector } from '../logs/testLogs';
import { Driver, HookInfo } from '../types';
import { helmTestInvocation } from './invocation';
import { HelmTestOutcome, helmTestOutcome } from './outcome';
import { NotesFilter } from './notes';
import { HelmExit, runHelm } from '../../../../node/helm/run';

export interface HelmTestOptions {
  /** The helm binary (see locateHelm). */
  helm: string;
  /** The view's connection: helm is pointed at the same context and kubeconfig files. */
  conn: ApiConnection;
  release: { name: string; namespace: string; driver: Driver };
  /** The release's test hooks, from its latest record: whose pods to collect logs from. */
  testHooks: readonly HookInfo[];
  /** Run only these (`--filter name=`); empty: all. */
  filter: string[];
  timeoutSeconds: number;
  requestTimeoutMs: number;
  /** helm is stopped this long after its own --timeout could have ended it (default 30 s). */
  graceMs?: number;
  env?: NodeJS.ProcessEnv;
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  onTestFinished?: (test: CollectedTest) => void;
}

export interface HelmTestResult {
  outcome: HelmTestOutcome;
  exit: HelmExit;
  /** Each test pod of this run with its logs, in the order they finished. */
  collected: CollectedTest[];
  /** Tests asked for of which no pod of this run was seen. */
  unseen: HookInfo[];
  /** Why logs could not be collected, when they could not (the run itself went on). */
  logProblem: Error | undefined;
}

export interface HelmTestRun {
  readonly done: Promise<HelmTestResult>;
  /** helm's process id once started. */
  pid(): number | undefined;
  cancel(): void;
}

/**
 * `helm test` for one release, collecting each test pod's logs from the cluster as it finishes. Throws a
 * HelmProblem at once for input that must not reach helm.
 */
export function startHelmTest(opts: HelmTestOptions): HelmTestRun {
  const { args, env } = helmTestInvocation(
    {
      release: opts.release.name,
      namespace: opts.release.namespace,
      driver: opts.release.driver,
      context: opts.conn.target.context,
      kubeconfigFiles: opts.conn.target.files,
      timeoutSeconds: opts.timeoutSeconds,
      tests: opts.filter,
    },
    opts.env,
  );
  const wanted = opts.filter.length === 0 ? opts.testHooks : opts.testHooks.filter((h) => opts.filter.includes(h.name));
  const collector = new TestLogCollector(opts.conn, opts.release.namespace, wanted, { timeoutMs: opts.requestTimeoutMs, onFinished: opts.onTestFinished });
  const outcomeOf = (exit: HelmExit, collected: CollectedTest[] = []): HelmTestOutcome =>
    withLastWords(helmTestOutcome(exit, { release: opts.release.name, namespace: opts.release.namespace, timeoutSeconds: opts.timeoutSeconds, filter: opts.filter }), collected);
  let cancelled = false;
  let helm: ReturnType<typeof runHelm> | undefined;
  const done = (async (): Promise<HelmTestResult> => {
    try {
      // The pods already there must be known before helm replaces them, or an old run's logs would pass for new.
      await collector.start();
      if (cancelled) {
        const exit: HelmExit = { code: null, signal: null, cancelled: true, timedOut: false, startProblem: undefined, stdout: '', stderr: '' };
        const { collected, unseen } = await collector.finish(0, { sweep: false });
        return { outcome: outcomeOf(exit), exit, collected, unseen, logProblem: collector.problem };
      }
      const notes = new NotesFilter();
      // helm's --timeout bounds each test (tests run one after another), not the whole run.
      const deadlineMs = Math.max(1, wanted.length) * opts.timeoutSeconds * 1000 + (opts.graceMs ?? 30_000);
      helm = runHelm(opts.helm, args, {
        env,
        deadlineMs,
        onOutput: (text, stream) => {
          const shown = stream === 'stdout' ? notes.push(text) : text;
          if (shown !== '') opts.onOutput?.(shown, stream);
        },
      });
      const exit = await helm.done;
      const rest = notes.flush();
      if (rest !== '') opts.onOutput?.(rest, 'stdout');
      const stopped = exit.cancelled || exit.timedOut;
      const { collected, unseen } = await collector.finish(stopped ? 500 : 5000, { sweep: !stopped });
      const outcome = await withCauses(outcomeOf(exit, collected), collected, wanted, opts);
      return { outcome, exit, collected, unseen, logProblem: unseen.length > 0 || collected.length === 0 ? collector.problem : undefined };
    } finally {
      collector.dispose();
    }
  })();
  return {
    done,
    pid: () => helm?.pid,
    cancel: () => {
      cancelled = true;
      helm?.cancel();
    },
  };
}

/**
 * helm says only that a test failed; the last line its failing container printed usually says why, so the
 * message carries it.
 */
function withLastWords(outcome: HelmTestOutcome, collected: CollectedTest[]): HelmTestOutcome {
  if (outcome.status !== 'failed') return outcome;
  const words: string[] = [];
  for (const t of collected) {
    if (t.phase !== 'Failed') continue;
    const c = t.containers.find((x) => x.exitCode !== undefined && x.exitCode !== 0);
    const last = c?.log.trimEnd().split('\n').pop()?.trim();
    if (c !== undefined && last) words.push(`${t.hook.name} (${c.name}, exit code ${c.exitCode}): ${last.length > 200 ? `${last.slice(0, 200)}…` : last}`);
  }
  return words.length === 0 ? outcome : { ...outcome, summary: `${outcome.summary} ${words.join('; ')}` };
}

/** At most this many tests are explained: the sentence must stay one a notification can hold. */
const MAX_EXPLAINED = 3;

/**
 * A test that failed without a last word of its own (it never started, could not be scheduled, was
 * stopped by --timeout) gets the cause the cluster recorded, read after helm ended.
 */
async function withCauses(outcome: HelmTestOutcome, collected: CollectedTest[], wanted: readonly HookInfo[], opts: HelmTestOptions): Promise<HelmTestOutcome> {
  if (outcome.status !== 'failed' && outcome.status !== 'timed-out') return outcome;
  const spoke = new Set(collected.filter((t) => t.containers.some((c) => c.exitCode !== undefined && c.exitCode !== 0 && c.log.trim() !== '')).map((t) => t.hook.name));
  const passed = new Set([...collected.filter((t) => t.phase === 'Succeeded').map((t) => t.hook.name), ...outcome.tests.filter((t) => t.phase === 'Succeeded').map((t) => t.name)]);
  const reportedFailed = outcome.tests.filter((t) => t.phase === 'Failed').map((t) => t.name);
  const suspects = wanted.filter((h) => !spoke.has(h.name) && !passed.has(h.name) && (reportedFailed.length === 0 || reportedFailed.includes(h.name))).slice(0, MAX_EXPLAINED);
  const causes = await Promise.all(
    suspects.map((h) =>
      explainHook(opts.conn, h, opts.release.namespace, { timeoutMs: opts.requestTimeoutMs, run: { phase: 'Failed' } }).then(
        (x) => (x.basis === 'cluster' ? `${h.name}: ${x.sentence.replace(/\.$/, '')}` : undefined),
        () => undefined,
      ),
    ),
  );
  const words = causes.filter((c): c is string => c !== undefined);
  return words.length === 0 ? outcome : { ...outcome, summary: `${outcome.summary} ${words.join('; ')}.` };
}
