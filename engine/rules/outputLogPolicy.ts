import { HOOK_OUTPUT_LOG_POLICY } from '../helm/annotations';
import { KINDS_WITH_PODS, OUTPUT_LOG_POLICIES, readOutputLogPolicyEntry } from '../helm/policies';
import { nearest } from '../text/similarity';
import { forEachList } from './each';
import { Check } from './types';

const CANDIDATES = [...OUTPUT_LOG_POLICIES];

export const checkOutputLogPolicy: Check = ({ byKey, obj, isHook, report }) => {
  if (!isHook) return;
  for (const entry of byKey.get(HOOK_OUTPUT_LOG_POLICY) ?? []) {
    report(
      'output-log-policy-version',
      entry.keyStart,
      entry.keyEnd,
      'helm.sh/hook-output-log-policy needs Helm 3.18 or later (and Helm 4); older Helm ignores it and prints no hook logs.',
    );
    if (obj.kind !== undefined && !KINDS_WITH_PODS.has(obj.kind)) {
      report(
        'output-log-policy-kind',
        entry.keyStart,
        entry.keyEnd,
        `helm.sh/hook-output-log-policy is ignored on a ${obj.kind}: Helm only copies the logs of Job and Pod hooks.`,
      );
    }
    forEachList(entry, (entries) => {
      for (const e of entries) {
        if (e.text === undefined) continue;
        const read = readOutputLogPolicyEntry(e.text);
        if (read.kind === 'policy') continue;
        // A blank entry matches nothing either, and is too short to suggest anything for.
        const suggestion = read.kind === 'unknown' ? nearest(read.value, CANDIDATES, 5) : undefined;
        report(
          'unknown-output-log-policy',
          e.start,
          e.end,
          `Unknown output-log policy "${e.text}": Helm keeps it but it matches nothing, so no logs are printed for it.` +
            (suggestion ? ` Did you mean "${suggestion}"?` : ` Valid policies: ${OUTPUT_LOG_POLICIES.join(', ')}.`),
          suggestion ? { replacement: suggestion } : undefined,
        );
      }
    });
  }
};
