import { HELM_ANNOTATIONS, HOOK, HOOK_ONLY_ANNOTATIONS, KNOWN_OTHER_KEYS, OBSOLETE_ANNOTATIONS } from '../helm/annotations';
import { canCoexist } from '../template/branches';
import { editDistance } from '../text/similarity';
import { Check } from './types';

const HOOK_ONLY: ReadonlySet<string> = new Set(HOOK_ONLY_ANNOTATIONS);
const KNOWN: ReadonlySet<string> = new Set(HELM_ANNOTATIONS);

/** The Helm key a misspelled key most likely meant. */
export function misspelling(key: string): string | undefined {
  if (KNOWN.has(key) || KNOWN_OTHER_KEYS.has(key)) return undefined;
  // Helm keys are 12 to 30 characters: a key 2 edits away keeps most of "helm", "hook" or "resource".
  if (key.length < 10 || key.length > 32 || !/helm|hook|resource|\.sh\//i.test(key)) return undefined;
  const folded = key.toLowerCase().replace(/_/g, '-');
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of HELM_ANNOTATIONS) {
    const d = folded === k ? 0 : editDistance(folded, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= 2 ? best : undefined;
}

export const checkAnnotationKeys: Check = ({ tt, obj, isHook, report }) => {
  for (const entry of obj.annotations) {
    const key = entry.key;
    if (key === undefined) continue;
    const obsolete = OBSOLETE_ANNOTATIONS[key];
    if (obsolete !== undefined) {
      report('unknown-helm-annotation', entry.keyStart, entry.keyEnd, `${key} does nothing: ${obsolete}.`);
      continue;
    }
    const meant = misspelling(key);
    if (meant !== undefined) {
      report(
        'unknown-helm-annotation',
        entry.keyStart,
        entry.keyEnd,
        `"${key}" is not an annotation Helm reads (keys are exact and case-sensitive): it is kept as a plain annotation and does nothing. Did you mean "${meant}"?`,
        { replacement: /["']/.test(tt.text[entry.keyStart]) ? `${tt.text[entry.keyStart]}${meant}${tt.text[entry.keyStart]}` : meant },
      );
    }
    if (!isHook && !obj.annotationsDynamic && HOOK_ONLY.has(key)) {
      report(
        'hook-annotation-without-hook',
        entry.keyStart,
        entry.keyEnd,
        `${key} does nothing here: Helm reads it only on hooks, and this object has no ${HOOK} annotation.`,
      );
    }
  }

  // Duplicate keys in one YAML map: the parser Helm uses keeps the last value.
  const mapEntries = obj.annotations.filter((e) => e.source !== 'dict' && e.key !== undefined);
  for (let i = 0; i < mapEntries.length; i++) {
    const a = mapEntries[i];
    const later = mapEntries.slice(i + 1).find((b) => b.key === a.key && canCoexist(a.branch, b.branch));
    if (later === undefined) continue;
    report(
      'duplicate-annotation',
      a.keyStart,
      a.keyEnd,
      `${a.key} appears again later in this annotations map: the YAML parser Helm uses keeps only the last value, so this one is ignored.`,
    );
  }
};
