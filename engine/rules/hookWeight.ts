import { HOOK_WEIGHT } from '../helm/annotations';
import { parseWeight } from '../helm/weight';
import { literalRenderings } from './each';
import { Check } from './types';

export const checkHookWeight: Check = ({ byKey, report }) => {
  for (const entry of byKey.get(HOOK_WEIGHT) ?? []) {
    if (entry.value.type !== 'string' && entry.value.type !== 'null') continue;
    const { start, end } = entry.value;
    for (const raw of new Set(literalRenderings(entry))) {
      const r = parseWeight(raw);
      if (r.ok) continue;
      const shown = JSON.stringify(raw);
      if (r.reason === 'range') {
        report('hook-weight-out-of-range', start, end, `Hook weight ${shown} is outside the 64-bit integer range: Helm silently uses weight 0.`);
        continue;
      }
      const trimmed = parseWeight(raw.trim());
      if (raw === '') {
        report('hook-weight-not-integer', start, end, 'Hook weight is empty: Helm silently uses weight 0. Remove the annotation or give a number such as "0".');
      } else if (trimmed.ok) {
        report(
          'hook-weight-not-integer',
          start,
          end,
          `Hook weight ${shown} has spaces or line breaks around the number: Helm does not trim it, so strconv.Atoi fails and Helm silently uses weight 0. Use "${raw.trim()}".`,
          { replacement: `"${raw.trim()}"` },
        );
      } else {
        report('hook-weight-not-integer', start, end, `Hook weight ${shown} is not an integer: Helm silently uses weight 0. Use a whole number such as "-5" or "10".`);
      }
    }
  }
};
