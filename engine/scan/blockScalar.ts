import { hasAction, Item, ReadContext, ScalarRead } from './scalarItems';

export function readBlock(ctx: ReadContext, start: number): ScalarRead {
  const { tt, parentIndent } = ctx;
  const text = tt.text;
  const headerEnd = tt.lineEnd(start);
  const header = tt.masked.slice(start, headerEnd).replace(/\s#.*$/, '').trim();
  const literal = header[0] === '|';
  const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  const explicit = /[1-9]/.exec(header);
  const items: Item[] = [];
  let contentIndent = explicit ? parentIndent + Number(explicit[0]) : -1;
  let p = text.indexOf('\n', headerEnd);
  let end = headerEnd;
  const lines: { start: number; end: number; blank: boolean }[] = [];
  while (p !== -1 && p < text.length) {
    const lineStart = p + 1;
    const lineEnd = tt.lineEnd(lineStart);
    let indent = 0;
    while (text[lineStart + indent] === ' ') indent += 1;
    const blank = tt.masked.slice(lineStart, lineEnd).trim() === '' && !hasAction(tt, lineStart, lineEnd);
    if (!blank) {
      if (contentIndent === -1) contentIndent = indent;
      if (indent < contentIndent || indent <= parentIndent) break;
    }
    lines.push({ start: lineStart, end: lineEnd, blank });
    if (!blank) end = lineEnd;
    p = text.indexOf('\n', lineEnd);
  }
  while (lines.length > 0 && lines[lines.length - 1].blank) lines.pop();
  lines.forEach((line, idx) => {
    if (idx > 0) {
      const prev = lines[idx - 1];
      const folded = !literal && !prev.blank && !line.blank && text[line.start + contentIndent] !== ' ';
      items.push({ ch: folded ? ' ' : '\n', start: prev.end, end: prev.end + 1 });
    }
    const from = Math.min(line.start + Math.max(contentIndent, 0), line.end);
    for (let q = from; q < line.end; ) {
      const action = tt.actionAt(q);
      if (action !== undefined && action.start === q) {
        items.push({ action });
        q = action.end;
      } else {
        items.push({ ch: text[q], start: q, end: q + 1 });
        q += 1;
      }
    }
  });
  if (lines.length > 0 && chomp !== 'strip') items.push({ ch: '\n', start: end, end: end + 1 });
  return { items, end: Math.max(end, headerEnd), start };
}
