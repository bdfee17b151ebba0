import { goTrimSpace } from '../text/goStrings';

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
