import { isGoSpace } from '../text/goStrings';
import { Piece } from './pieces';
import type { ScalarValue } from './scalar';

/** One comma-separated entry of a value, trimmed as Helm trims it. */
export interface ListEntry {
  /** Text after TrimSpace; undefined when a template prints part of it. */
  text: string | undefined;
  /** Untrimmed literal text (for entries Helm does not trim). */
  raw: string;
  start: number;
  end: number;
}

function entryOf(pieces: Piece[], empty: [number, number]): ListEntry {
  let raw = '';
  let dynamic = false;
  const offs: number[] = [];
  let start = -1;
  let end = -1;
  for (const p of pieces) {
    if (p.kind === 'dyn') {
      dynamic = true;
      if (start === -1) start = p.start;
      end = p.end;
      continue;
    }
    for (let i = 0; i < p.text.length; i++) {
      raw += p.text[i];
      offs.push(p.offsets[i], p.offsets[i + 1]);
    }
    if (start === -1 && p.text.length > 0) start = p.offsets[0];
    if (p.text.length > 0) end = p.offsets[p.text.length];
  }
  let a = 0;
  let b = raw.length;
  while (a < b && isGoSpace(raw[a])) a++;
  while (b > a && isGoSpace(raw[b - 1])) b--;
  if (!dynamic && b > a) {
    start = offs[2 * a];
    end = offs[2 * (b - 1) + 1];
  }
  // An entry of only spaces is shown at the spaces; a truly empty one at its comma.
  if (!dynamic && b === a) [start, end] = raw.length > 0 ? [offs[0], offs[offs.length - 1]] : empty;
  return { text: dynamic ? undefined : raw.slice(a, b), raw, start, end };
}

/**
 * Splits one rendering on commas, as `strings.Split(value, ",")` does. An empty entry is located at the
 * comma that ends it (or starts it, for the last one), or at the whole value when there is no comma.
 */
export function splitList(pieces: Piece[], value: ScalarValue): ListEntry[] {
  const entries: ListEntry[] = [];
  let current: Piece[] = [];
  let prevComma: [number, number] | undefined;
  for (const p of pieces) {
    if (p.kind === 'dyn') {
      current.push(p);
      continue;
    }
    let from = 0;
    for (let i = 0; i < p.text.length; i++) {
      if (p.text[i] !== ',') continue;
      const comma: [number, number] = [p.offsets[i], p.offsets[i + 1]];
      current.push({ kind: 'lit', text: p.text.slice(from, i), offsets: p.offsets.slice(from, i + 1) });
      entries.push(entryOf(current, comma));
      prevComma = comma;
      current = [];
      from = i + 1;
    }
    current.push({ kind: 'lit', text: p.text.slice(from), offsets: p.offsets.slice(from) });
  }
  entries.push(entryOf(current, prevComma ?? [value.start, value.end]));
  return entries;
}
