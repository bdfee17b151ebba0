import {
  HelmAnnotation,
  HOOK,
  HOOK_DELETE_POLICY,
  HOOK_ONLY_ANNOTATIONS,
  HOOK_OUTPUT_LOG_POLICY,
  HOOK_WEIGHT,
  meantHelmKey,
  OBSOLETE_ANNOTATIONS,
  RESOURCE_POLICY,
} from '../helm/annotations';
import { DEFAULT_DELETE_POLICY } from '../helm/policies';
import { AnnotationEntry, ObjectInfo } from '../scan/objects';
import { canCoexist } from '../template/branches';
import { Check } from './types';

const HOOK_ONLY: ReadonlySet<string> = new Set(HOOK_ONLY_ANNOTATIONS);

/** The Helm key a misspelled key most likely meant (see meantHelmKey: one reading for rules and hovers). */
export function misspelling(key: string): HelmAnnotation | undefined {
  return meantHelmKey(key);
}

/**
 * What Helm does because it ignores `entry` (which meant `meant`), to follow "it does nothing": the key
 * meant is set next to it, or Helm applies what it applies without that key.
 */
export function ignoredConsequence(meant: HelmAnnotation, entry: AnnotationEntry, obj: ObjectInfo, isHook: boolean): string {
  if (obj.annotations.some((a) => a !== entry && a.key === meant && canCoexist(a.branch, entry.branch))) {
    return `: Helm reads the ${meant} set on this object`;
  }
  if (meant === HOOK) {
    if (isHook) return `: Helm reads the ${HOOK} set on this object`;
    const unless = obj.annotationsDynamic ? `unless a template adds ${HOOK}, ` : '';
    return `, so ${unless}this object is not a hook: Helm creates it with the release's other resources`;
  }
  if (HOOK_ONLY.has(meant) && !isHook && !obj.annotationsDynamic) return ` (Helm reads ${meant} only on hooks, and this object has no ${HOOK})`;
  switch (meant) {
    case HOOK_WEIGHT:
      return ", so this hook's weight is 0, the default";
    case HOOK_DELETE_POLICY:
      return `, so the delete policy is the default, ${DEFAULT_DELETE_POLICY}: the hook's resource stays after it runs and is deleted just before the next run creates it again`;
    case HOOK_OUTPUT_LOG_POLICY:
      return ", so Helm copies none of this hook's logs to its output";
    case RESOURCE_POLICY:
      return ', so the resource has no resource policy: helm uninstall deletes it';
    default:
      return '';
  }
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
        `"${key}" is not an annotation Helm reads (keys are exact and case-sensitive): it stays a plain annotation and does nothing${ignoredConsequence(meant, entry, obj, isHook)}. Did you mean "${meant}"?`,
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
