/** One YAML document of a template file: Helm splits rendered files at `---` lines. */
export interface TemplateDocument {
  /** Offset and zero-based line of the document's first character in the file. */
  start: number;
  line: number;
  text: string;
  /** Position among the file's documents: Helm keeps this order for hooks equal in everything else. */
  ordinal: number;
}

/** A `---` line: three dashes at the start of a line, then the line's end, a space, a tab or a comment. */
function separatorAt(text: string, i: number): boolean {
  if (!text.startsWith('---', i)) return false;
  const c = text.charCodeAt(i + 3);
  return Number.isNaN(c) || c === 10 || c === 13 || c === 32 || c === 9 || c === 35;
}

/** Offset of the next separator line at or after `from` (a line start), or -1. A plain string search: a
 * multiline regular expression tests every position of a large file. */
function nextSeparator(text: string, from: number): number {
  if (from === 0 && separatorAt(text, 0)) return 0;
  for (let i = text.indexOf('\n---', Math.max(0, from - 1)); i !== -1; i = text.indexOf('\n---', i + 1)) if (separatorAt(text, i + 1)) return i + 1;
  return -1;
}

/** Newlines in `text` from `from` to `to`. */
export function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The documents of a template that contain `needle`, split at `---` lines as scanObjects splits them. A
 * `---` line inside a template action that spans lines (an unterminated `{{` before it) does not split.
 * Only those documents are cut out of the text: in a large file most hold no hook. `lineOf` gives the
 * zero-based line of an offset when the caller knows it cheaply (an editor's document); else lines are
 * counted.
 */
export function documentsWith(text: string, needle: string, lineOf?: (offset: number) => number): TemplateDocument[] {
  const hits: number[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) hits.push(i);
  if (hits.length === 0) return [];
  // The last `{{` and `}}` before each separator, found walking forward once: searching backward from
  // each separator (or in a slice of the text, which V8 copies to search) costs far more in large files.
  let lastOpen = -1;
  let lastClose = -1;
  let nextOpen = text.indexOf('{{');
  let nextClose = nextOpen === -1 ? -1 : text.indexOf('}}');
  const insideAction = (at: number): boolean => {
    if (nextOpen === -1 && lastOpen === -1) return false;
    while (nextOpen !== -1 && nextOpen < at) [lastOpen, nextOpen] = [nextOpen, text.indexOf('{{', nextOpen + 2)];
    while (nextClose !== -1 && nextClose < at) [lastClose, nextClose] = [nextClose, text.indexOf('}}', nextClose + 2)];
    return lastOpen > lastClose;
  };
  const docs: TemplateDocument[] = [];
  let start = 0;
  let ordinal = 0;
  let hit = 0;
  let line = 0;
  let counted = 0;
  const close = (end: number): void => {
    while (hit < hits.length && hits[hit] < start) hit++;
    if (hit < hits.length && hits[hit] < end) {
      if (lineOf !== undefined) line = lineOf(start);
      else line += countNewlines(text, counted, start);
      counted = start;
      docs.push({ start, line, text: text.slice(start, end), ordinal });
    }
    ordinal++;
    start = end;
  };
  for (let at = nextSeparator(text, 0); at !== -1 && hit < hits.length; at = nextSeparator(text, at + 3)) {
    if (at === start || insideAction(at)) continue;
    close(at);
  }
  close(text.length);
  return docs;
}
