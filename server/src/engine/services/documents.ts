/**
 * The YAML documents of a template file: spans between `---` lines. Editor services scan only the
 * document under the cursor, so a request costs the size of one object, not of the whole file.
 */
export interface DocumentSpan {
  /** Offset of the document's first character (just after the `---` line, or 0). */
  start: number;
  /** Offset of the next `---` line's start, or the text's length. */
  end: number;
}

/** Start of the line holding `offset` (lastIndexOf with a negative start would still match at 0). */
export function lineStartOf(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** A `---` line, as the scanner reads it: three dashes then a space, a comment or the line's end. */
function isSeparatorAt(text: string, lineStart: number): boolean {
  if (!text.startsWith('---', lineStart)) return false;
  const c = text.charCodeAt(lineStart + 3);
  return Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13 || c === 35;
}

function afterLine(text: string, lineStart: number): number {
  const nl = text.indexOf('\n', lineStart);
  return nl === -1 ? text.length : nl + 1;
}

/** The document holding `offset`; undefined when the offset sits on a `---` line. */
export function documentAt(text: string, offset: number): DocumentSpan | undefined {
  const lineStart = lineStartOf(text, offset);
  if (isSeparatorAt(text, lineStart)) return undefined;
  let start = 0;
  for (let from = lineStart - 1; from >= 0; ) {
    const nl = text.lastIndexOf('\n---', from);
    if (nl === -1) {
      if (isSeparatorAt(text, 0)) start = afterLine(text, 0);
      break;
    }
    if (isSeparatorAt(text, nl + 1)) {
      start = afterLine(text, nl + 1);
      break;
    }
    from = nl - 1;
  }
  let end = text.length;
  for (let from = lineStart; ; ) {
    const nl = text.indexOf('\n---', from);
    if (nl === -1) break;
    if (isSeparatorAt(text, nl + 1)) {
      end = nl + 1;
      break;
    }
    from = nl + 1;
  }
  return { start, end };
}
