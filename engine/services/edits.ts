import { AnnotationEntry } from '../scan/objects';
import { splitList } from '../scan/listEntries';
import { Piece } from '../scan/pieces';
import { ScalarValue } from '../scan/scalar';

/** Replace [start, end) with newText; offsets in the file. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * One rendering of a value, decoded, with the source offset of every character (`offsets.length ===
 * text.length + 1`), split at every comma as Helm splits it. Text a template prints stands as one
 * U+E000 character, so edits next to it keep their place and edits across it are refused later.
 */
export interface LiteralList {
  text: string;
  offsets: number[];
  /** [from, to) indices into `text`, one per comma-separated entry. */
  segments: [number, number][];
}

const PRINTED = '\uE000';

export function listOf(pieces: readonly Piece[], value: ScalarValue): LiteralList {
  let text = '';
  const offsets: number[] = [];
  let end = value.start;
  for (const p of pieces) {
    if (p.kind === 'dyn') {
      text += PRINTED;
      offsets.push(p.start);
      end = p.end;
      continue;
    }
    text += p.text;
    for (let i = 0; i < p.text.length; i++) offsets.push(p.offsets[i]);
    end = p.offsets[p.text.length];
  }
  offsets.push(end);
  const segments: [number, number][] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== ',') continue;
    segments.push([from, i]);
    from = i + 1;
  }
  segments.push([from, text.length]);
  return { text, offsets, segments };
}

/** The single rendering of a value without template actions. */
export function literalList(value: ScalarValue): LiteralList | undefined {
  if (value.dynamic || value.expansions?.length !== 1) return undefined;
  return listOf(value.expansions[0], value);
}

/** The rendering and entry index a finding points at (rules locate entries with splitList, so do we). */
export function listAt(entry: AnnotationEntry, start: number, end: number): { list: LiteralList; index: number } | undefined {
  for (const pieces of entry.value.expansions ?? []) {
    const index = splitList(pieces, entry.value).findIndex((e) => e.start === start && e.end === end);
    if (index !== -1) return { list: listOf(pieces, entry.value), index };
  }
  return undefined;
}

/** The list's trimmed entries other than `skip`, leaving out those a template prints part of. */
export function otherEntries(list: LiteralList, skip: number): string[] {
  return list.segments
    .filter((_, i) => i !== skip)
    .map(([a, b]) => list.text.slice(a, b).trim())
    .filter((t) => !t.includes(PRINTED));
}

/**
 * Removes entry `i` with exactly one adjacent comma, keeping the spacing style: `a, b, c` minus `b` is
 * `a, c`; minus `a` it is `b, c`. Undefined for a one-entry list (that would leave the value empty).
 */
export function removeSegment(list: LiteralList, i: number): TextEdit | undefined {
  const { segments, offsets, text } = list;
  if (segments.length < 2 || i < 0 || i >= segments.length) return undefined;
  if (i > 0) return { start: offsets[segments[i][0] - 1], end: offsets[segments[i][1]], newText: '' };
  const [nextFrom, nextTo] = segments[1];
  let keep = nextFrom;
  while (keep < nextTo && /\s/.test(text[keep])) keep++;
  return { start: offsets[0], end: offsets[keep], newText: '' };
}

/** Replaces the value's text: inside its quotes, or the whole value (then quoted when `quotePlain`). */
export function replaceValue(source: string, value: ScalarValue, content: string, quotePlain: boolean): TextEdit {
  const q = source[value.start];
  const closed = value.end - value.start >= 2 && source[value.end - 1] === q;
  if ((q === '"' || q === "'" || q === '`') && closed) return { start: value.start + 1, end: value.end - 1, newText: content };
  return { start: value.start, end: value.end, newText: quotePlain ? JSON.stringify(content) : content };
}

/** Applies non-overlapping edits (sorted or not) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** One edit turning `before` into `after`: the span between their common prefix and suffix. */
export function diffEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let p = 0;
  const max = Math.min(before.length, after.length);
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  return { start: p, end: before.length - s, newText: after.slice(p, after.length - s) };
}
