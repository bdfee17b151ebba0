import { HookInfo } from '../types';

/**
 * Why a hook's pods cannot be found, and what would keep them next time: Helm deletes hook resources by
 * their delete policy (and a deleted Job takes its pods with it). `object` is what a read of the hook's
 * Job or Pod found: the policy explains missing pods only when that object itself is gone (404).
 */
export function whyPodsGone(hook: HookInfo, object: 'gone' | 'exists' = 'gone'): string {
  const policies = hook.deletePolicies;
  const phase = hook.lastRun.phase;
  if (hook.kind !== 'Job' && hook.kind !== 'Pod') return `${hook.kind} hooks run no pods: there are no logs to show.`;
  if (phase === '') return `This hook has not run in this revision, so it has no pods.`;
  if (object === 'exists') {
    return hook.kind === 'Job'
      ? `Job ${hook.name} still exists and has no pods: it never got any, so no delete policy removed them. Its status and events say why.`
      : `Pod ${hook.name} still exists: its logs could not be read.`;
  }
  if (phase === 'Failed' && policies.includes('hook-failed')) {
    return (
      'Helm deleted this hook after it failed: its delete policy includes hook-failed, which removes the logs with it. ' +
      'To keep the logs of failures, use hook-succeeded instead (or before-hook-creation), or add helm.sh/hook-output-log-policy: hook-failed (Helm 3.18 and later) to have Helm copy them to its output before they go.'
    );
  }
  if (phase === 'Succeeded' && policies.includes('hook-succeeded')) {
    return 'Helm deleted this hook after it succeeded (delete policy hook-succeeded). To keep it, use before-hook-creation: it is deleted only when the hook runs again.';
  }
  if (policies.includes('before-hook-creation')) {
    return 'The pods are gone: with before-hook-creation, Helm deletes the hook when it runs again (a later revision may have replaced it), or someone deleted it.';
  }
  return 'The pods are gone: deleted by hand, by a TTL controller (ttlSecondsAfterFinished), or garbage-collected. Helm itself keeps hooks with no delete policy.';
}
