import { HOOK } from '../helm/annotations';
import { HOOK_EVENTS, LEGACY_TEST_SUCCESS, parseEvent, REMOVED_EVENTS } from '../helm/events';
import { nearest } from '../text/similarity';
import { forEachList } from './each';
import { Check } from './types';

const CANDIDATES = [...HOOK_EVENTS];

export const checkHookEvents: Check = ({ byKey, report }) => {
  for (const entry of byKey.get(HOOK) ?? []) {
    forEachList(entry, (entries) => {
      const seen = new Map<string, string>();
      const whole = entries.length === 1;
      for (const e of entries) {
        if (e.text === undefined) continue;
        if (e.text === '') {
          report(
            'empty-hook-event',
            e.start,
            e.end,
            whole
              ? 'helm.sh/hook is empty: Helm reads it as one unknown event "" and drops this whole resource (it is neither installed nor run as a hook).'
              : 'Empty event in helm.sh/hook (a stray comma): Helm reads it as an unknown event "" and drops this whole resource (it is neither installed nor run as a hook).',
          );
          continue;
        }
        const lower = e.text.toLowerCase();
        const event = parseEvent(e.text);
        if (event === undefined) {
          const removed = REMOVED_EVENTS[lower];
          if (removed !== undefined) {
            report('removed-hook-event', e.start, e.end, `"${e.text}" is a Helm 2 event that Helm 3 and 4 do not know: Helm drops this whole resource. ${removed}.`);
          } else {
            const suggestion = nearest(lower, CANDIDATES, 4);
            report(
              'unknown-hook-event',
              e.start,
              e.end,
              `Unknown hook event "${e.text}": Helm drops this whole resource (it is neither installed nor run as a hook), and says so only in debug output.` +
                (suggestion ? ` Did you mean "${suggestion}"?` : ` Valid events: ${HOOK_EVENTS.join(', ')}.`),
              suggestion ? { replacement: suggestion } : undefined,
            );
          }
          continue;
        }
        if (lower === LEGACY_TEST_SUCCESS) {
          report('legacy-test-success', e.start, e.end, '"test-success" is Helm 2\'s name for "test": Helm 3 and 4 still run it as a test hook. Use "test".', {
            replacement: 'test',
          });
        }
        const first = seen.get(event);
        if (first !== undefined) {
          report(
            'duplicate-hook-event',
            e.start,
            e.end,
            `"${e.text}" repeats "${first}": Helm adds this hook once per listed event, so it runs twice on ${event}.`,
          );
        } else {
          seen.set(event, e.text);
        }
      }
    });
  }
};
