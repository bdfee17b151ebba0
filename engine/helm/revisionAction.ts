import { HookEvent } from './events';

/** The Helm commands that write a release revision and run hooks in it. */
export type HelmAction = 'install' | 'upgrade' | 'rollback' | 'uninstall';

/** What a stored revision says of itself: `info.status`, `info.description` and `version`. */
export interface RevisionFacts {
  status: string;
  description: string;
  revision: number;
}

export interface RevisionAction {
  action: HelmAction;
  /**
   * For `helm uninstall --keep-history`: the action that made the revision before it was uninstalled.
   * Its description is overwritten by then, so this is a guess from the revision number.
   */
  before: HelmAction | undefined;
  /** `Rollback to N`: the revision rolled back to. */
  rollbackTo: number | undefined;
  /** How the action was told: Helm's own text, the status, or only the revision number (a guess). */
  basis: 'description' | 'status' | 'revision';
  /**
   * The events whose runs the revision's record holds, in the order they ran: the action's, then
   * `test` (helm test writes into whatever revision is current).
   */
  events: HookEvent[];
}

const EVENTS_OF: Readonly<Record<HelmAction, readonly HookEvent[]>> = {
  install: ['pre-install', 'post-install'],
  upgrade: ['pre-upgrade', 'post-upgrade'],
  rollback: ['pre-rollback', 'post-rollback'],
  uninstall: ['pre-delete', 'post-delete'],
};

// Texts Helm 3.18 and 4.x write into info.description (pkg/action/{install,upgrade,rollback,uninstall}.go).
// `Release "x" failed:` is written by a failed install and by a rollback whose --wait failed.
const BY_DESCRIPTION: readonly [RegExp, HelmAction | 'release-failed'][] = [
  [/^Install complete$/, 'install'],
  [/^Initial install underway$/, 'install'],
  [/^Upgrade complete$/, 'upgrade'],
  [/^Preparing upgrade$/, 'upgrade'],
  [/^Upgrade ".*" failed: /s, 'upgrade'],
  [/^Rollback to \d+$/, 'rollback'],
  [/^Rollback ".*" failed: /s, 'rollback'],
  [/^Deletion in progress \(or silently failed\)$/, 'uninstall'],
  [/^Uninstallation complete$/, 'uninstall'],
  // install --replace over an uninstalled release marks the old record so.
  [/^superseded by new release$/, 'uninstall'],
  [/^Release ".*" failed: /s, 'release-failed'],
];

/**
 * Which action made a revision, and so which hook events ran in it. Helm keeps no event in a hook's
 * `last_run`: a revision's record starts with fresh hooks (a rollback copies the target's, old runs
 * included), run by the action that wrote it, later also by `helm test` and by `helm uninstall
 * --keep-history`. A custom `--description` hides the action; the status and revision then decide.
 */
export function revisionAction(facts: RevisionFacts): RevisionAction {
  const rollbackTo = /^Rollback to (\d+)$/.exec(facts.description);
  const made = (action: HelmAction, basis: RevisionAction['basis']): RevisionAction => {
    const before = action === 'uninstall' ? (facts.revision <= 1 ? 'install' : 'upgrade') : undefined;
    return {
      action,
      before,
      rollbackTo: rollbackTo ? Number(rollbackTo[1]) : undefined,
      basis,
      events: [...EVENTS_OF[action], ...(before ? EVENTS_OF[before] : []), 'test'],
    };
  };
  // The status wins where it names the action: uninstall keeps the earlier description on failure paths.
  if (facts.status === 'uninstalling' || facts.status === 'uninstalled') return made('uninstall', 'status');
  // Only an install writes revision 1 (upgrade and rollback add to a history), whatever the text says.
  if (facts.revision === 1) return made('install', 'revision');
  const hit = BY_DESCRIPTION.find(([re]) => re.test(facts.description))?.[1];
  if (hit === 'release-failed') return made('rollback', 'description');
  if (hit !== undefined) return made(hit, 'description');
  if (facts.status === 'pending-install') return made('install', 'status');
  if (facts.status === 'pending-upgrade') return made('upgrade', 'status');
  if (facts.status === 'pending-rollback') return made('rollback', 'status');
  return made('upgrade', 'revision');
}

/**
 * The event a hook's stored run was for in a revision, or undefined when the revision ran none of its
 * events (its `last_run` is then empty, or a rollback's copy of an older revision's run). A hook on
 * both pre- and post- of the action ran twice: the post- run is the later one, and the one kept.
 */
export function eventOfStoredRun(hookEvents: readonly HookEvent[], action: RevisionAction): HookEvent | undefined {
  const groups: (readonly HookEvent[])[] = [EVENTS_OF[action.action], ...(action.before ? [EVENTS_OF[action.before]] : []), ['test']];
  for (const group of groups) {
    const on = group.filter((e) => hookEvents.includes(e));
    if (on.length > 0) return on[on.length - 1];
  }
  return undefined;
}
