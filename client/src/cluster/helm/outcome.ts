import { HelmExit } from '../../../../node/helm/run';

/** One `TEST SUITE:` block of helm's report: the phase helm recorded for a test hook. */
export interface ReportedTest {
  name: string;
  phase: string;
}

export type HelmTestStatus = 'passed' | 'failed' | 'cancelled' | 'timed-out' | 'error';

export interface HelmTestOutcome {
  status: HelmTestStatus;
  /** One sentence for the notification. */
  summary: string;
  /** Tests helm reported, in its order (with `--filter`, only those asked for). */
  tests: ReportedTest[];
  /** helm's own `Error:` text, when it printed one. */
  helmError: string | undefined;
}

export interface OutcomeContext {
  release: string;
  namespace: string;
  timeoutSeconds: number;
  /** Names passed as `--filter name=`; helm still reports every test's last phase, so the rest are dropped. */
  filter: string[];
}

/** What a finished `helm test` means, in words a user can act on. */
export function helmTestOutcome(exit: HelmExit, ctx: OutcomeContext): HelmTestOutcome {
  const all = reportedTests(exit.stdout);
  const tests = ctx.filter.length === 0 ? all : all.filter((t) => ctx.filter.includes(t.name));
  const helmError = errorText(exit.stderr);
  const subject = `helm test ${ctx.release} (namespace ${ctx.namespace})`;
  const make = (status: HelmTestStatus, summary: string): HelmTestOutcome => ({ status, summary, tests, helmError });
  if (exit.startProblem !== undefined) return make('error', exit.startProblem.message);
  if (exit.cancelled) return make('cancelled', `${subject} was cancelled and helm was stopped. A test pod it had started may still run in the cluster.`);
  if (exit.timedOut) return make('timed-out', `${subject} was still running 30 s after its --timeout of ${ctx.timeoutSeconds}s per test could have ended it, and helm was stopped (helmHooks.helmTestTimeoutSeconds).`);
  const failed = tests.filter((t) => t.phase === 'Failed');
  if (exit.code === 0) {
    if (tests.length === 0) return make('passed', `${subject}: the release has no tests${ctx.filter.length > 0 ? ' matching the filter' : ''}.`);
    return make('passed', `${subject}: ${count(tests.length, 'test')} passed.`);
  }
  if (failed.length > 0) {
    return make('failed', `${subject}: ${failed.map((t) => t.name).join(', ')} failed (${tests.length - failed.length} of ${count(tests.length, 'test')} passed).`);
  }
  const said = helmError ?? `helm exited with code ${exit.code ?? exit.signal ?? '?'}`;
  if (/release: not found/.test(said)) return make('error', `Release ${ctx.release} no longer exists in namespace ${ctx.namespace} (helm: ${said}).`);
  if (/Kubernetes cluster unreachable|connection refused|no such host|i\/o timeout|TLS handshake timeout/i.test(said)) return make('error', `helm cannot reach the cluster: ${said}`);
  if (/forbidden/i.test(said)) return make('error', `helm is not allowed to run the tests: ${said}`);
  if (/timed out waiting|context deadline exceeded/i.test(said)) return make('failed', `${subject} timed out waiting for a test (--timeout ${ctx.timeoutSeconds}s): ${said}`);
  return make('failed', `${subject} failed: ${said}`);
}

/** helm's `TEST SUITE:` / `Phase:` pairs, as both helm 3 and helm 4 print them. */
export function reportedTests(stdout: string): ReportedTest[] {
  const tests: ReportedTest[] = [];
  let name: string | undefined;
  for (const line of stdout.split('\n')) {
    const suite = /^TEST SUITE:\s+(\S+)/.exec(line);
    if (suite) name = suite[1];
    const phase = /^Phase:\s+(\S+)/.exec(line);
    if (phase && name !== undefined) {
      tests.push({ name, phase: phase[1] });
      name = undefined;
    }
  }
  return tests;
}

/** The text after helm's last `Error:`, with its `* item` lines joined. */
export function errorText(stderr: string): string | undefined {
  const at = stderr.lastIndexOf('Error: ');
  if (at < 0) return undefined;
  const text = stderr
    .slice(at + 'Error: '.length)
    .split('\n')
    .map((l) => l.trim().replace(/^\*\s*/, ''))
    .filter((l) => l !== '')
    .join(' ');
  return text.replace(/^\d+ errors? occurred:\s*/, '');
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
