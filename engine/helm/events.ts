import { goTrimSpace } from '../text/goStrings';

/** Hook events Helm 3 and 4 know, in the order a release lifecycle meets them. */
export const HOOK_EVENTS = [
  'pre-install',
  'post-install',
  'pre-upgrade',
  'post-upgrade',
  'pre-rollback',
  'post-rollback',
  'pre-delete',
  'post-delete',
  'test',
] as const;

export type HookEvent = (typeof HOOK_EVENTS)[number];

/** Accepted by Helm's parser and mapped to `test` ("backward compatibility with Helm 2 tests"). */
export const LEGACY_TEST_SUCCESS = 'test-success';

/** Helm 2 events that Helm 3 and 4 do not know: the resource is dropped. What to do instead: */
export const REMOVED_EVENTS: Readonly<Record<string, string>> = {
  'crd-install': "Helm 3 installs CustomResourceDefinitions from the chart's crds/ folder: move this file there and remove the annotation",
  'test-failure':
    'Helm 3 has no expected-to-fail tests: use "test" and make the test command succeed when the failure it checks for happens',
};

const EVENT_SET: ReadonlySet<string> = new Set(HOOK_EVENTS);

/** Helm's parsing of one entry: `strings.ToLower(strings.TrimSpace(entry))`, then a map lookup. */
export function parseEvent(entry: string): HookEvent | undefined {
  const e = goTrimSpace(entry).toLowerCase();
  if (EVENT_SET.has(e)) return e as HookEvent;
  if (e === LEGACY_TEST_SUCCESS) return 'test';
  return undefined;
}
