import { strict as assert } from 'node:assert';
import { whyPodsGone } from '../../client/src/cluster/logs/whyGone';
import { HookInfo, HookPhase } from '../../client/src/cluster/types';

function hook(kind: string, phase: HookPhase, deletePolicies: string[]): HookInfo {
  return {
    name: 'migrate', kind, path: 'shop/templates/migrate.yaml', weight: 0, events: ['pre-upgrade'], deletePolicies, outputLogPolicies: [], manifest: '', namespace: undefined,
    lastRun: { phase, startedAt: undefined, completedAt: undefined, durationMs: undefined, staleReason: undefined },
  };
}

describe('why a hook has no pods to read logs from', () => {
  it('a failed hook deleted by hook-failed: names the policy and what would keep the logs', () => {
    const reason = whyPodsGone(hook('Job', 'Failed', ['hook-failed']));
    assert.match(reason, /deleted this hook after it failed: its delete policy includes hook-failed/);
    assert.match(reason, /hook-succeeded instead/);
    assert.match(reason, /helm\.sh\/hook-output-log-policy: hook-failed/);
  });

  it('a succeeded hook deleted by hook-succeeded, and before-hook-creation', () => {
    assert.match(whyPodsGone(hook('Pod', 'Succeeded', ['hook-succeeded'])), /after it succeeded \(delete policy hook-succeeded\)/);
    assert.match(whyPodsGone(hook('Job', 'Failed', ['before-hook-creation'])), /before-hook-creation, Helm deletes the hook when it runs again/);
  });

  it('kinds without pods, and hooks that never ran', () => {
    assert.match(whyPodsGone(hook('ConfigMap', 'Succeeded', [])), /ConfigMap hooks run no pods/);
    assert.match(whyPodsGone(hook('Job', '', [])), /has not run in this revision/);
  });
});

describe('why a hook has no pods, when its object still exists', () => {
  it('a Job that is still there never had pods: no delete policy is blamed', () => {
    for (const policies of [['hook-failed'], ['before-hook-creation'], ['hook-succeeded'], []]) {
      const reason = whyPodsGone(hook('Job', 'Failed', policies), 'exists');
      assert.match(reason, /still exists and has no pods: it never got any/);
      assert.doesNotMatch(reason, /hook-failed|before-hook-creation|hook-succeeded/);
    }
  });
});
