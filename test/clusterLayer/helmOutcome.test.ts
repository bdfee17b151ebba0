import { strict as assert } from 'node:assert';
import { errorText, helmTestOutcome, reportedTests } from '../../client/src/cluster/helm/outcome';
import { HelmProblem } from '../../node/helm/problem';
import { HelmExit } from '../../node/helm/run';

// Output as helm 3.18 and helm 4.1 print it (captured from the local test cluster).
const REPORT = `NAME: ok
LAST DEPLOYED: Sat Nov 21 15:58:22 2026
NAMESPACE: t3
STATUS: deployed
REVISION: 2
TEST SUITE:     ok-smoke
Last Started:   Sat Nov 21 15:58:23 2026
Last Completed: Sat Nov 21 15:58:23 2026
Phase:          Succeeded
TEST SUITE:     ok-db-check
Last Started:   Sat Nov 21 15:58:23 2026
Last Completed: Sat Nov 21 15:58:23 2026
Phase:          Failed
`;
const HELM3_FAILED = 'Error: 1 error occurred:\n\t* job ok-db-check failed: BackoffLimitExceeded\n\n\n';
const HELM4_FAILED = 'Error: resource Job/t4/ok-db-check not ready. status: Failed, message: Job Failed. failed: 1/1\n';

function exit(e: Partial<HelmExit>): HelmExit {
  return { code: 0, signal: null, cancelled: false, timedOut: false, startProblem: undefined, stdout: '', stderr: '', ...e };
}
const ctx = { release: 'ok', namespace: 't3', timeoutSeconds: 300, filter: [] as string[] };

describe('what a finished helm test means', () => {
  it('reads the test phases helm 3 and helm 4 report', () => {
    assert.deepEqual(reportedTests(REPORT), [
      { name: 'ok-smoke', phase: 'Succeeded' },
      { name: 'ok-db-check', phase: 'Failed' },
    ]);
  });

  it('a pass counts the tests', () => {
    const o = helmTestOutcome(exit({ stdout: REPORT.replace('Phase:          Failed', 'Phase:          Succeeded') }), ctx);
    assert.equal(o.status, 'passed');
    assert.equal(o.summary, 'helm test ok (namespace t3): 2 tests passed.');
  });

  it('a failure names the failing test, with either helm\'s wording', () => {
    for (const stderr of [HELM3_FAILED, HELM4_FAILED]) {
      const o = helmTestOutcome(exit({ code: 1, stdout: REPORT, stderr }), ctx);
      assert.equal(o.status, 'failed');
      assert.match(o.summary, /ok-db-check failed \(1 of 2 tests passed\)/);
    }
    assert.equal(errorText(HELM3_FAILED), 'job ok-db-check failed: BackoffLimitExceeded');
    assert.equal(errorText(HELM4_FAILED), 'resource Job/t4/ok-db-check not ready. status: Failed, message: Job Failed. failed: 1/1');
  });

  it('with --filter, only the tests asked for count: helm also lists the others\' old phases', () => {
    const o = helmTestOutcome(exit({ stdout: REPORT }), { ...ctx, filter: ['ok-smoke'] });
    assert.equal(o.status, 'passed');
    assert.deepEqual(o.tests.map((t) => t.name), ['ok-smoke']);
  });

  it('a release that is gone, an unreachable cluster and a forbidden user each get their own words', () => {
    assert.match(helmTestOutcome(exit({ code: 1, stderr: 'Error: release: not found\n' }), ctx).summary, /^Release ok no longer exists in namespace t3/);
    assert.match(
      helmTestOutcome(exit({ code: 1, stderr: 'Error: Kubernetes cluster unreachable: Get "https://127.0.0.1:9/version": dial tcp 127.0.0.1:9: connect: connection refused\n' }), ctx).summary,
      /^helm cannot reach the cluster: Kubernetes cluster unreachable/,
    );
    assert.match(helmTestOutcome(exit({ code: 1, stderr: 'Error: query: failed to query with labels: secrets is forbidden: User "dev" cannot list resource "secrets"\n' }), ctx).summary, /^helm is not allowed to run the tests/);
  });

  it('cancelled, timed out and unstartable runs say so, whatever helm printed', () => {
    assert.equal(helmTestOutcome(exit({ code: null, signal: 'SIGTERM', cancelled: true }), ctx).status, 'cancelled');
    const t = helmTestOutcome(exit({ code: null, signal: 'SIGTERM', timedOut: true }), ctx);
    assert.equal(t.status, 'timed-out');
    assert.match(t.summary, /was still running 30 s after its --timeout of 300s per test could have ended it, and helm was stopped/);
    const m = helmTestOutcome(exit({ code: null, startProblem: new HelmProblem('missing', 'helm was not found at /opt/helm.') }), ctx);
    assert.equal(m.status, 'error');
    assert.equal(m.summary, 'helm was not found at /opt/helm.');
  });
});
