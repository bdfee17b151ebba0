import { goTrimSpace } from '../text/goStrings';

/**
 * The one reading of Helm's policy annotations (hook-delete-policy, hook-output-log-policy, resource-policy):
 * rules, hovers, fixes and completions all ask here what Helm does with a value.
 */

export const DELETE_POLICIES = ['before-hook-creation', 'hook-succeeded', 'hook-failed'] as const;
export type DeletePolicy = (typeof DELETE_POLICIES)[number];

/** Applied by Helm when a hook sets no delete policy at all (since v3.0.0). */
export const DEFAULT_DELETE_POLICY: DeletePolicy = 'before-hook-creation';

export const OUTPUT_LOG_POLICIES = ['hook-succeeded', 'hook-failed'] as const;
export type OutputLogPolicy = (typeof OUTPUT_LOG_POLICIES)[number];

/** Kinds whose pods Helm finds for output-log-policy and waits on until they finish. */
export const KINDS_WITH_PODS = new Set(['Job', 'Pod']);

/** Helm normalises every policy entry like this, and never validates it. */
export function normalisePolicy(entry: string): string {
  return goTrimSpace(entry).toLowerCase();
}

/** One entry of a policy list as Helm reads it. */
export type PolicyEntry<P extends string> =
  | { kind: 'policy'; policy: P }
  /** Kept by Helm, since it validates nothing, but matched by nothing. */
  | { kind: 'unknown'; value: string }
  | { kind: 'blank' };

export interface PolicyListReading<P extends string> {
  /** Each entry in list order; undefined where a template prints it. */
  entries: (PolicyEntry<P> | undefined)[];
  /** The policies Helm acts on. */
  applies: ReadonlySet<P>;
  /** Normalised entries that match nothing, once each, in list order. */
  unknown: string[];
  /** Normalised non-blank entries in list order, repeats and unknown ones included. */
  listed: string[];
  /** A template prints part of the list: what applies is known only once rendered. */
  dynamic: boolean;
}

export interface DeletePolicyReading extends PolicyListReading<DeletePolicy> {
  /** No annotation: Helm applies before-hook-creation. */
  defaulted: boolean;
  /** Set, but every entry blank: it still counts as set, so the default is gone too. */
  empty: boolean;
  /** Set, fully literal, and no policy Helm knows applies: Helm never deletes the hook. */
  neverDeleted: boolean;
}

function readEntry<P extends string>(known: readonly P[], raw: string): PolicyEntry<P> {
  const value = normalisePolicy(raw);
  if (value === '') return { kind: 'blank' };
  return (known as readonly string[]).includes(value) ? { kind: 'policy', policy: value as P } : { kind: 'unknown', value };
}

function readList<P extends string>(known: readonly P[], raws: readonly (string | undefined)[]): PolicyListReading<P> {
  const entries = raws.map((r) => (r === undefined ? undefined : readEntry(known, r)));
  const applies = new Set<P>();
  const unknown = new Set<string>();
  const listed: string[] = [];
  for (const e of entries) {
    if (e?.kind === 'policy') {
      applies.add(e.policy);
      listed.push(e.policy);
    } else if (e?.kind === 'unknown') {
      unknown.add(e.value);
      listed.push(e.value);
    }
  }
  return { entries, applies, unknown: [...unknown], listed, dynamic: entries.includes(undefined) };
}

/** Whether every entry is a known policy, listed once: Helm reads the list without surprises. */
export function isCleanPolicyList(reading: PolicyListReading<string>): boolean {
  return reading.entries.every((e) => e?.kind === 'policy') && reading.applies.size === reading.entries.length;
}

export function readDeletePolicyEntry(raw: string): PolicyEntry<DeletePolicy> {
  return readEntry(DELETE_POLICIES, raw);
}

/**
 * What Helm does with `helm.sh/hook-delete-policy`. `entries`: the comma-separated entries of one rendering
 * (undefined where a template prints one), or undefined when the hook has no such annotation.
 */
export function readDeletePolicy(entries: readonly (string | undefined)[] | undefined): DeletePolicyReading {
  if (entries === undefined) {
    const applies = new Set<DeletePolicy>([DEFAULT_DELETE_POLICY]);
    return { entries: [], applies, unknown: [], listed: [], dynamic: false, defaulted: true, empty: false, neverDeleted: false };
  }
  const list = readList(DELETE_POLICIES, entries);
  const empty = list.entries.every((e) => e?.kind === 'blank');
  return { ...list, defaulted: false, empty, neverDeleted: !list.dynamic && list.applies.size === 0 };
}

/** `readDeletePolicy` of a whole literal value, split on commas as Helm splits it. */
export function readDeletePolicyText(value: string | undefined): DeletePolicyReading {
  return readDeletePolicy(value?.split(','));
}

export function readOutputLogPolicyEntry(raw: string): PolicyEntry<OutputLogPolicy> {
  return readEntry(OUTPUT_LOG_POLICIES, raw);
}

/** What Helm 3.18+ does with `helm.sh/hook-output-log-policy`: whose pods' logs it copies. */
export function readOutputLogPolicy(entries: readonly (string | undefined)[]): PolicyListReading<OutputLogPolicy> {
  return readList(OUTPUT_LOG_POLICIES, entries);
}

export function readOutputLogPolicyText(value: string): PolicyListReading<OutputLogPolicy> {
  return readOutputLogPolicy(value.split(','));
}

/** `helm.sh/resource-policy`: Helm trims and lowercases the value and acts only on `keep`. */
export function keepsResource(value: string): boolean {
  return goTrimSpace(value).toLowerCase() === 'keep';
}
