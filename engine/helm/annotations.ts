import { editDistance } from '../text/similarity';

/** Annotation keys Helm reads (case-sensitive, exact). */
export const HOOK = 'helm.sh/hook';
export const HOOK_WEIGHT = 'helm.sh/hook-weight';
export const HOOK_DELETE_POLICY = 'helm.sh/hook-delete-policy';
export const HOOK_OUTPUT_LOG_POLICY = 'helm.sh/hook-output-log-policy';
export const RESOURCE_POLICY = 'helm.sh/resource-policy';

export const HELM_ANNOTATIONS = [HOOK, HOOK_WEIGHT, HOOK_DELETE_POLICY, HOOK_OUTPUT_LOG_POLICY, RESOURCE_POLICY] as const;
export type HelmAnnotation = (typeof HELM_ANNOTATIONS)[number];

/** Read only when `helm.sh/hook` is present on the same object. */
export const HOOK_ONLY_ANNOTATIONS = [HOOK_WEIGHT, HOOK_DELETE_POLICY, HOOK_OUTPUT_LOG_POLICY] as const;

/** Keys under helm.sh/ that are real but not read from annotations by Helm 3 or 4. */
export const OBSOLETE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'helm.sh/hook-delete-timeout': 'Helm 2 read it; Helm 3 and 4 ignore it (hooks are waited for up to --timeout)',
};

/**
 * Keys that are not hook keys and never a misspelling of one: what charts commonly put under helm.sh/ for
 * their own use, and Helm's ownership annotations (written by Helm on adopted resources).
 */
export const KNOWN_OTHER_KEYS: ReadonlySet<string> = new Set([
  'helm.sh/chart',
  'helm.sh/release',
  'helm.sh/docs',
  'helm.sh/stable',
  'meta.helm.sh/release-name',
  'meta.helm.sh/release-namespace',
]);

/**
 * Key prefixes (the part before `/`) of Helm's own metadata and of other tools. Their keys are theirs,
 * even when they look like Helm's (`argocd.argoproj.io/hook`, `argocd.argoproj.io/hook-delete-policy`).
 */
export const OTHER_KEY_PREFIXES: ReadonlySet<string> = new Set([
  'meta.helm.sh',
  'checksum',
  'argocd.argoproj.io',
  'helm.toolkit.fluxcd.io',
  'kustomize.toolkit.fluxcd.io',
  'fluxcd.io',
  'kapp.k14s.io',
  'config.kubernetes.io',
  'kustomize.config.k8s.io',
]);

/** A key Helm does not read and that belongs to Helm's metadata or another tool: not a misspelling. */
export function isOtherToolKey(key: string): boolean {
  if (KNOWN_OTHER_KEYS.has(key)) return true;
  const slash = key.indexOf('/');
  return slash > 0 && OTHER_KEY_PREFIXES.has(key.slice(0, slash).toLowerCase());
}

/** Word forms folded to the word Helm's keys use. */
const WORD_FORMS: Readonly<Record<string, string>> = {
  deletion: 'delete',
  deletions: 'delete',
  deleting: 'delete',
  deleted: 'delete',
  weighting: 'weight',
  logging: 'log',
  logged: 'log',
};

function foldWord(w: string): string {
  const known = WORD_FORMS[w];
  if (known !== undefined) return known;
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`; // policies
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1); // weights, hooks, logs
  return w;
}

/**
 * `helm.sh/`, `helm.sh.`, `helm/`, `helm.sh_`, `helm-sh/`, `helmsh/`, `helm.`... before `hook` or
 * `resource` (after folding case and `_`): a mangled Helm prefix.
 */
const MANGLED_PREFIX = /^helm(?:[.-]?sh)?[./:-]+(?=hook|resource)/;

/**
 * A key in the shape Helm's keys are compared in: lower case, `_` as `-`, a mangled `helm.sh/` prefix
 * made right, and each word of the name in the form Helm uses (`deletion` -> `delete`, `weights` ->
 * `weight`, `policies` -> `policy`). Undefined when the key has no Helm-like prefix.
 */
export function keyShape(key: string): string | undefined {
  const folded = key.toLowerCase().replace(/_/g, '-');
  const prefix = MANGLED_PREFIX.exec(folded);
  if (prefix === null) return undefined;
  const words = folded.slice(prefix[0].length).split(/[-.:/]+/).filter((w) => w !== '');
  return `helm.sh/${words.map(foldWord).join('-')}`;
}

/**
 * The Helm key a key Helm does not read most likely meant: the same key once normalised (keyShape), or
 * one within 2 edits of it. Undefined for Helm's own keys, the allowlist (isOtherToolKey) and keys not
 * near any Helm key. The one place that says which key a key stands for: rules and hovers ask here.
 */
export function meantHelmKey(key: string): HelmAnnotation | undefined {
  if ((HELM_ANNOTATIONS as readonly string[]).includes(key) || key in OBSOLETE_ANNOTATIONS || isOtherToolKey(key)) return undefined;
  if (key.length > 64) return undefined;
  const shape = keyShape(key);
  if (shape !== undefined) {
    const same = HELM_ANNOTATIONS.find((k) => k === shape);
    if (same !== undefined) return same;
  }
  // Within 2 edits, of the normalised key or (keys without a Helm-like prefix, 10 to 32 characters, that
  // keep most of "helm", "hook" or "resource") of the key as written, folded.
  const folded = key.toLowerCase().replace(/_/g, '-');
  const loose = key.length >= 10 && key.length <= 32 && /helm|hook|resource|\.sh\//i.test(key);
  let best: HelmAnnotation | undefined;
  let bestD = Infinity;
  for (const k of HELM_ANNOTATIONS) {
    const d = Math.min(shape === undefined ? Infinity : editDistance(shape, k), loose ? editDistance(folded, k) : Infinity);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= 2 ? best : undefined;
}
