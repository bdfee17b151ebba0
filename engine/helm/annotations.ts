/** Annotation keys Helm reads (case-sensitive, exact). */
export const HOOK = 'helm.sh/hook';
export const HOOK_WEIGHT = 'helm.sh/hook-weight';
export const HOOK_DELETE_POLICY = 'helm.sh/hook-delete-policy';
export const HOOK_OUTPUT_LOG_POLICY = 'helm.sh/hook-output-log-policy';
export const RESOURCE_POLICY = 'helm.sh/resource-policy';

export const HELM_ANNOTATIONS = [HOOK, HOOK_WEIGHT, HOOK_DELETE_POLICY, HOOK_OUTPUT_LOG_POLICY, RESOURCE_POLICY] as const;

/** Read only when `helm.sh/hook` is present on the same object. */
export const HOOK_ONLY_ANNOTATIONS = [HOOK_WEIGHT, HOOK_DELETE_POLICY, HOOK_OUTPUT_LOG_POLICY] as const;

/** Keys under helm.sh/ that are real but not read from annotations by Helm 3 or 4. */
export const OBSOLETE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'helm.sh/hook-delete-timeout': 'Helm 2 read it; Helm 3 and 4 ignore it (hooks are waited for up to --timeout)',
};

/** Keys charts commonly put under helm.sh/ for their own use: not misspellings. */
export const KNOWN_OTHER_KEYS = new Set(['helm.sh/chart', 'helm.sh/release', 'helm.sh/docs', 'helm.sh/stable']);
