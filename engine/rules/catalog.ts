import { Severity } from './types';

export interface RuleInfo {
  code: string;
  severity: Severity;
  /** One line: what is wrong and what Helm does about it. */
  summary: string;
}

/** Every rule, with its default severity. Codes are stable: settings and disable comments name them. */
export const RULES: readonly RuleInfo[] = [
  { code: 'unknown-hook-event', severity: 'error', summary: 'An event Helm does not know: Helm drops the whole resource.' },
  { code: 'removed-hook-event', severity: 'error', summary: 'A Helm 2 event (crd-install, test-failure): Helm 3 and 4 drop the whole resource.' },
  { code: 'legacy-test-success', severity: 'warning', summary: 'test-success is Helm 2\'s name for test; still accepted as test.' },
  { code: 'empty-hook-event', severity: 'error', summary: 'An empty event (empty value, or a stray comma): Helm drops the whole resource.' },
  { code: 'duplicate-hook-event', severity: 'warning', summary: 'An event listed twice: Helm runs the hook twice for it.' },
  { code: 'hook-weight-not-integer', severity: 'warning', summary: 'A weight strconv.Atoi cannot read (spaces, decimals, words): Helm uses 0.' },
  { code: 'hook-weight-out-of-range', severity: 'warning', summary: 'A weight beyond 64-bit integers: Helm uses 0.' },
  { code: 'non-string-annotation', severity: 'error', summary: 'A helm.sh/ annotation whose YAML value is not a string: the API server rejects the object.' },
  { code: 'unknown-delete-policy', severity: 'warning', summary: 'A delete policy Helm does not know (e.g. never): it matches nothing, and the default no longer applies.' },
  { code: 'empty-delete-policy', severity: 'warning', summary: 'An empty delete policy counts as set: the default before-hook-creation no longer applies.' },
  { code: 'duplicate-delete-policy', severity: 'information', summary: 'A delete policy listed twice: no extra effect.' },
  { code: 'hook-failed-deletes-logs', severity: 'information', summary: 'hook-failed on a Job or Pod deletes it, its pods and their logs as soon as it fails.' },
  { code: 'unknown-output-log-policy', severity: 'warning', summary: 'An output-log policy Helm does not know: it matches nothing.' },
  { code: 'output-log-policy-kind', severity: 'warning', summary: 'output-log-policy on a kind other than Job or Pod: ignored.' },
  { code: 'output-log-policy-version', severity: 'information', summary: 'output-log-policy needs Helm 3.18 or later; older Helm ignores it.' },
  { code: 'resource-policy-not-keep', severity: 'warning', summary: 'A resource-policy other than keep: the resource is orphaned on uninstall.' },
  { code: 'hook-annotation-without-hook', severity: 'warning', summary: 'A hook-only annotation on an object without helm.sh/hook: ignored.' },
  { code: 'unknown-helm-annotation', severity: 'warning', summary: 'A misspelled or obsolete helm.sh/ key: Helm ignores it.' },
  { code: 'duplicate-annotation', severity: 'warning', summary: 'The same annotation twice in one map: only the last one counts.' },
  { code: 'hook-name-reused', severity: 'warning', summary: 'A Job or Pod hook with a fixed name and no before-hook-creation: the next run fails with "already exists".' },
  { code: 'hook-restart-policy-always', severity: 'error', summary: 'A Job or Pod hook with restartPolicy Always: the Job is rejected, the Pod never completes.' },
  { code: 'test-job-no-logs', severity: 'information', summary: 'A test hook that is a Job: helm test --logs shows no logs for it.' },
  // Chart-wide: computed over all templates of a release (engine/chart), not by analyzeTemplate.
  { code: 'hook-weight-tie', severity: 'information', summary: 'Hooks of one event with the same weight, a Job or Pod among them: Helm runs them by metadata.name, not in file order, and waits for each Job and Pod.' },
  // Rendered only: `helm-hooks check --render` reports where helm template failed (required, fail, a missing value).
  { code: 'render-failed', severity: 'error', summary: 'helm template fails at this template (required, fail, a value nobody gave, a template error).' },
];

export const RULE_BY_CODE: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((r) => [r.code, r]));

/** Where each rule is explained. */
export function ruleDocUrl(code: string): string {
  return `https://github.com/helm-hooks/helm-hooks-vscode/blob/main/README.md#${code}`;
}
