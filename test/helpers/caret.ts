/**
 * Test text with markers: `[[` and `]]` around the range a finding must cover, `|` for a cursor.
 * Returns the clean text and the marked offsets.
 */
export function marked(src: string): { text: string; ranges: [number, number][]; cursor: number | undefined } {
  let text = '';
  const ranges: [number, number][] = [];
  let open = -1;
  let cursor: number | undefined;
  for (let i = 0; i < src.length; i++) {
    if (src.startsWith('[[', i)) {
      open = text.length;
      i += 1;
    } else if (src.startsWith(']]', i)) {
      ranges.push([open, text.length]);
      i += 1;
    } else if (src[i] === '|' && src[i + 1] === '|' ) {
      cursor = text.length;
      i += 1;
    } else text += src[i];
  }
  return { text, ranges, cursor };
}
