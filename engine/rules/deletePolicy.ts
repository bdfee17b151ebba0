import { HOOK_DELETE_POLICY } from '../helm/annotations';
import { DELETE_POLICIES, KINDS_WITH_PODS, readDeletePolicy } from '../helm/policies';
import { nearest } from '../text/similarity';
import { forEachList } from './each';
import { Check } from './types';

const CANDIDATES = [...DELETE_POLICIES];

export const checkDeletePolicy: Check = ({ byKey, obj, isHook, report }) => {
  if (!isHook) return;
  for (const entry of byKey.get(HOOK_DELETE_POLICY) ?? []) {
    forEachList(entry, (entries) => {
      const reading = readDeletePolicy(entries.map((e) => e.text));
      if (reading.empty) {
        const e = entries[0];
        report(
          'empty-delete-policy',
          entry.value.start,
          Math.max(entry.value.end, e.end),
          'helm.sh/hook-delete-policy is empty: Helm counts it as set, so the default before-hook-creation no longer applies and this hook is never deleted; the next run can fail with "already exists". Remove the annotation or name a policy.',
        );
        return;
      }
      const seen = new Set<string>();
      entries.forEach((e, i) => {
        const read = reading.entries[i];
        if (read === undefined || read.kind === 'blank') return;
        if (read.kind === 'unknown') {
          const suggestion = nearest(read.value, CANDIDATES, 5);
          report(
            'unknown-delete-policy',
            e.start,
            e.end,
            `Unknown delete policy "${e.text}": Helm does not check policies, so it keeps the value and it matches nothing.` +
              (reading.neverDeleted ? ' Because a policy is set, the default before-hook-creation no longer applies either: this hook is never deleted.' : '') +
              (suggestion ? ` Did you mean "${suggestion}"?` : ` Valid policies: ${DELETE_POLICIES.join(', ')}.`),
            suggestion ? { replacement: suggestion } : undefined,
          );
          return;
        }
        const policy = read.policy;
        if (seen.has(policy)) {
          report('duplicate-delete-policy', e.start, e.end, `Delete policy "${policy}" is listed twice: the repeat has no effect.`);
        }
        seen.add(policy);
        if (policy === 'hook-failed' && obj.kind !== undefined && KINDS_WITH_PODS.has(obj.kind)) {
          report(
            'hook-failed-deletes-logs',
            e.start,
            e.end,
            `hook-failed deletes this ${obj.kind} as soon as it fails, and its pods and their logs with it, so nobody can read why it failed (Helm 4.1+ first copies logs when helm.sh/hook-output-log-policy asks for them). To keep failed hooks for debugging, use before-hook-creation,hook-succeeded.`,
          );
        }
      });
    });
  }
};
