import { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';

/**
 * Carries ranges computed on one version of a document through the edits that made the next one, as an
 * editor carries its markers: text inserted or deleted before a range moves it; an edit that touches the
 * range (or its ends) loses it, since what it pointed at has changed.
 */

/** Line breaks in `text` as a document counts them (\r\n, \r, \n) and the length of its last line. */
function shape(text: string): { breaks: number; lastLine: number } {
  let breaks = 0;
  let lastStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      breaks++;
      lastStart = i + 1;
    }
  }
  return { breaks, lastLine: text.length - lastStart };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** `p`, at or after the end of `replaced`, once `replaced` holds `text`. */
function shifted(p: Position, replaced: Range, text: { breaks: number; lastLine: number; length: number }): Position {
  const { start, end } = replaced;
  if (p.line > end.line) return { line: p.line + text.breaks - (end.line - start.line), character: p.character };
  const line = start.line + text.breaks;
  const character = (text.breaks === 0 ? start.character + text.length : text.lastLine) + (p.character - end.character);
  return { line, character };
}

/** `range` after one change; undefined when the change touches it or replaces the whole text. */
export function rangeAfter(range: Range, change: TextDocumentContentChangeEvent): Range | undefined {
  if (!('range' in change) || change.range === undefined) return undefined;
  const r = change.range;
  // Entirely after the range: nothing moves.
  if (before(range.end, r.start)) return range;
  // Entirely before it (not even adjacent): the range moves with the text.
  if (before(r.end, range.start)) {
    const text = { ...shape(change.text), length: change.text.length };
    return { start: shifted(range.start, r, text), end: shifted(range.end, r, text) };
  }
  return undefined;
}

/** Items whose range survives every change, moved into place; undefined when a change replaced the text. */
export function throughEdits<T extends { range: Range }>(items: readonly T[], changes: readonly TextDocumentContentChangeEvent[]): T[] | undefined {
  if (changes.some((c) => !('range' in c) || c.range === undefined)) return undefined;
  let current: T[] = [...items];
  for (const c of changes) {
    const next: T[] = [];
    for (const item of current) {
      const range = rangeAfter(item.range, c);
      if (range !== undefined) next.push(range === item.range ? item : { ...item, range });
    }
    current = next;
  }
  return current;
}
