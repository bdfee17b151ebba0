import { HOOK, HOOK_DELETE_POLICY, HOOK_OUTPUT_LOG_POLICY } from '../helm/annotations';
import type { AnnotationForm, ValueContext } from './cursorTypes';

/** Keys whose value is a comma-separated list. */
export const LIST_KEYS: ReadonlySet<string> = new Set([HOOK, HOOK_DELETE_POLICY, HOOK_OUTPUT_LOG_POLICY]);

/** The entry under the cursor of the value held in [start, end); commas split it only for list keys. */
export function valueEntry(text: string, key: string, form: AnnotationForm, start: number, end: number, o: number, prefix: string): ValueContext {
  const segments: [number, number][] = [];
  let from = start;
  if (LIST_KEYS.has(key)) {
    for (let p = start; p < end; p++) {
      if (text[p] !== ',') continue;
      segments.push([from, p]);
      from = p + 1;
    }
  }
  segments.push([from, end]);
  // Right before a comma belongs to the entry on its left.
  const at = segments.find(([s, e]) => s <= o && o <= e) ?? [o, o];
  const others = segments
    .filter((seg) => seg !== at)
    .map(([s, e]) => text.slice(s, e).trim())
    .filter((t) => t !== '' && !t.includes('{{'));
  let [a, b] = at;
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  if (a === b) a = b = o;
  return { kind: 'value', form, key, start: Math.min(a, o), end: Math.max(b, o), others, prefix };
}
