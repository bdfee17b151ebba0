import { indexOfSlashed } from '../text/search';

/**
 * The YAML documents of a template file. Helm splits rendered files at `---` lines; here the template is
 * split before rendering, as scanObjects reads it: a `---` line splits unless it sits inside a template
 * action left open on an earlier line. The one splitter for the chart layer (every document holding a
 * hook) and the editor services (the document under the cursor).
 */

/** A document: from just after its `---` line (or the file's start) to the next `---` line's start (or the end). */
export interface DocumentSpan {
  start: number;
  end: number;
}

/** One document's text, with where it starts. */
export interface TemplateDocument {
  /** Offset and zero-based line of the document's first character in the file. */
  start: number;
  line: number;
  text: string;
  /** Position among the file's documents: Helm keeps this order for hooks equal in everything else. */
  ordinal: number;
}

/** A `---` line at `lineStart`: three dashes, then the line's end, a space, a tab or a comment. */
export function isSeparatorAt(text: string, lineStart: number): boolean {
  if (!text.startsWith('---', lineStart)) return false;
  const c = text.charCodeAt(lineStart + 3);
  return Number.isNaN(c) || c === 10 || c === 13 || c === 32 || c === 9 || c === 35;
}

/** Start of the line holding `offset` (lastIndexOf with a negative start would still match at 0). */
export function lineStartOf(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** Newlines in `text` from `from` to `to`. */
export function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Offset of the next `---` line at or after `from`, or -1. A plain search for `---` (rare in YAML, so
 * indexOf skips ahead fast; `\n---` starts with the most common character) checked for a line start: a
 * multiline regular expression tests every position of a large file.
 */
function nextSeparator(text: string, from: number): number {
  for (let i = text.indexOf('---', from); i !== -1; i = text.indexOf('---', i + 3)) if ((i === 0 || text.charCodeAt(i - 1) === 10) && isSeparatorAt(text, i)) return i;
  return -1;
}

/** Offset of the last `---` line starting before `before`, or -1. */
function previousSeparator(text: string, before: number): number {
  if (before <= 0) return -1;
  for (let i = text.lastIndexOf('---', before - 1); i !== -1; i = i === 0 ? -1 : text.lastIndexOf('---', i - 1)) if ((i === 0 || text.charCodeAt(i - 1) === 10) && isSeparatorAt(text, i)) return i;
  return -1;
}

function afterLine(text: string, lineStart: number): number {
  const nl = text.indexOf('\n', lineStart);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * Whether a `---` line at `at` sits inside a template action: the last `{{` before it comes after the
 * last `}}`. Both lists are found walking forward once (indexOf finds the rare `{` fast; searching
 * backward from each separator costs far more in large files), then searched in halves.
 */
function actionTest(text: string): (at: number) => boolean {
  if (!text.includes('{{')) return () => false;
  const marks = (s: string): number[] => {
    const found: number[] = [];
    for (let i = text.indexOf(s); i !== -1; i = text.indexOf(s, i + 2)) found.push(i);
    return found;
  };
  const opens = marks('{{');
  const closes = marks('}}');
  /** The last entry below `at`, or -1. */
  const lastBefore = (list: number[], at: number): number => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? -1 : list[lo - 1];
  };
  return (at) => lastBefore(opens, at) > lastBefore(closes, at);
}

/** The documents of `text` in order, lazily: callers stop once they have what they need. */
export function* documentSpans(text: string): Generator<DocumentSpan> {
  const insideAction = actionTest(text);
  let start = 0;
  for (let at = nextSeparator(text, 0); at !== -1; at = nextSeparator(text, at + 3)) {
    if (insideAction(at)) continue;
    // A `---` first in the file opens the first document; it does not close an empty one.
    if (at > 0) yield { start, end: at };
    start = afterLine(text, at);
  }
  yield { start, end: text.length };
}

/**
 * The document holding `offset`; undefined when the offset sits on a `---` line. Its ends are searched
 * from the offset outwards: completion and hover ask on every keystroke and mouse rest, and a large
 * file's other documents need not be walked.
 */
export function documentAt(text: string, offset: number): DocumentSpan | undefined {
  const insideAction = actionTest(text);
  const splits = (lineStart: number): boolean => isSeparatorAt(text, lineStart) && !insideAction(lineStart);
  const lineStart = lineStartOf(text, offset);
  if (splits(lineStart)) return undefined;
  let start = 0;
  for (let at = previousSeparator(text, lineStart); at !== -1; at = previousSeparator(text, at)) {
    if (!splits(at)) continue;
    start = afterLine(text, at);
    break;
  }
  let end = text.length;
  for (let at = nextSeparator(text, lineStart); at !== -1; at = nextSeparator(text, at + 3)) {
    if (!splits(at)) continue;
    end = at;
    break;
  }
  return { start, end };
}

/**
 * The documents of a template that contain `needle`. Only those are cut out of the text: in a large
 * file most hold no hook. `lineOf` gives the zero-based line of an offset when the caller knows it
 * cheaply (an editor's document); else lines are counted.
 */
export function documentsWith(text: string, needle: string, lineOf?: (offset: number) => number): TemplateDocument[] {
  const hits: number[] = [];
  for (let i = indexOfSlashed(text, needle); i !== -1; i = indexOfSlashed(text, needle, i + needle.length)) hits.push(i);
  const docs: TemplateDocument[] = [];
  let hit = 0;
  let ordinal = 0;
  let line = 0;
  let counted = 0;
  for (const { start, end } of documentSpans(text)) {
    if (hit >= hits.length) break;
    while (hit < hits.length && hits[hit] < start) hit++;
    if (hit < hits.length && hits[hit] < end) {
      if (lineOf !== undefined) line = lineOf(start);
      else line += countNewlines(text, counted, start);
      counted = start;
      docs.push({ start, line, text: text.slice(start, end), ordinal });
    }
    ordinal++;
  }
  return docs;
}
