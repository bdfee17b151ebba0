import { HOOK, HOOK_DELETE_POLICY, HOOK_OUTPUT_LOG_POLICY, HOOK_WEIGHT, RESOURCE_POLICY } from '../helm/annotations';
import { HookEvent } from '../helm/events';
import { DeletePolicy, OutputLogPolicy } from '../helm/policies';

/**
 * What Helm does with each annotation and value, as markdown for completion documentation and hovers.
 * Facts follow Helm's source (see the project's reference), not helm.sh's docs where the two disagree.
 */

export const KEY_DOCS: Readonly<Record<string, string>> = {
  [HOOK]:
    'Makes this object a **Helm hook**: instead of installing it with the release, Helm creates it at the listed events. ' +
    'A comma-separated list; Helm trims and lowercases each entry. **If any entry is not a known event, Helm skips the whole resource** ' +
    '(it is neither a hook nor installed), and only says so in a debug log.\n\n' +
    'Events: `pre-install`, `post-install`, `pre-upgrade`, `post-upgrade`, `pre-rollback`, `post-rollback`, `pre-delete`, `post-delete`, `test`.',
  [HOOK_WEIGHT]:
    'Orders the hooks of one event: **lower weights run first**, then by name. An integer written as a string (`"-5"`, `"10"`). ' +
    'Helm parses it with `strconv.Atoi` and no trimming: `" 5"`, `"1.5"`, `"abc"` or `""` **silently become 0**. ' +
    'Read only on objects that have `helm.sh/hook`.',
  [HOOK_DELETE_POLICY]:
    'When Helm deletes the hook resource: `before-hook-creation` (the default when this annotation is absent), `hook-succeeded`, `hook-failed`. ' +
    'A comma-separated list that Helm **never validates**: an unknown value matches nothing, and any value (even an empty one) replaces the default. ' +
    'Read only on hooks.',
  [HOOK_OUTPUT_LOG_POLICY]:
    'Copies the logs of this hook\'s pods to Helm\'s output (stderr): `hook-succeeded`, `hook-failed`, or both. ' +
    'Only for Job and Pod hooks; **Helm 3.18 or later** (and Helm 4), older Helm ignores it. Unknown values match nothing. Read only on hooks.',
  [RESOURCE_POLICY]:
    '`keep`: `helm uninstall`, and an upgrade that no longer renders this resource, leave it in place. ' +
    'Helm trims and lowercases the value and compares it with `keep`: **any other value orphans the resource** on uninstall (it is neither deleted nor kept on record). ' +
    'It has no effect on when hooks are deleted.',
};

export const EVENT_DOCS: Readonly<Record<HookEvent, string>> = {
  'pre-install': 'On `helm install`, after the templates are rendered and before any of the release\'s resources are created.',
  'post-install': 'On `helm install`, after all of the release\'s resources are created.',
  'pre-upgrade': 'On `helm upgrade`, after the templates are rendered and before any resource is updated.',
  'post-upgrade': 'On `helm upgrade`, after all resources are updated.',
  'pre-rollback': 'On `helm rollback`, after the templates are rendered and before any resource is rolled back.',
  'post-rollback': 'On `helm rollback`, after all resources are rolled back.',
  'pre-delete': 'On `helm uninstall`, before any of the release\'s resources are deleted.',
  'post-delete': 'On `helm uninstall`, after all of the release\'s resources are deleted.',
  test: 'When `helm test` runs. `helm test --logs` shows logs only for Pod tests.',
};

export const DELETE_POLICY_DOCS: Readonly<Record<DeletePolicy, string>> = {
  'before-hook-creation':
    'Deletes the previous hook resource just before this hook is created again. The default when no policy is given; keep it on Jobs and Pods with a fixed name, or the next run fails with `already exists`.',
  'hook-succeeded': 'Deletes the hook resource after all hooks of the event succeed (in reverse order).',
  'hook-failed':
    'Deletes the hook resource right after it fails, **with its pods and their logs**, so nobody can read why it failed (Helm 4.1+ first copies logs that `helm.sh/hook-output-log-policy` asks for).',
};

export const OUTPUT_LOG_POLICY_DOCS: Readonly<Record<OutputLogPolicy, string>> = {
  'hook-succeeded': 'Prints the logs of this hook\'s pods when the hook succeeds (Helm 3.18+).',
  'hook-failed': 'Prints the logs of this hook\'s pods when the hook fails (Helm 3.18+).',
};

export const KEEP_DOC = 'Helm leaves this resource in place on `helm uninstall` and when an upgrade no longer renders it.';

/** What Helm waits for before it runs the next hook. */
export function waitDoc(kind: string | undefined): string {
  if (kind === 'Job') return 'Helm waits until the Job completes (a failed Job fails the release with `BackoffLimitExceeded`); `--timeout` (default 5m) applies to each hook.';
  if (kind === 'Pod') return 'Helm waits until the Pod reaches `Succeeded`; `--timeout` (default 5m) applies to each hook.';
  if (kind === undefined) return 'Helm waits for Jobs to complete and Pods to succeed; other kinds count as ready at once.';
  return `A ${kind} counts as ready as soon as it is created: Helm does not wait for it.`;
}
