import { hasAction, Item, ReadContext, ScalarRead } from './scalarItems';

export function readPlain(ctx: ReadContext, start: number): ScalarRead {
  const { tt, flow } = ctx;
  const text = tt.text;
  const lineEnd = tt.lineEnd(start);
  const items: Item[] = [];
  let p = start;
  let lastNonSpace = start;
  let lastItemCount = 0;
  while (p < lineEnd) {
    const action = tt.actionAt(p);
    if (action !== undefined && action.start === p) {
      items.push({ action });
      p = action.end;
      lastNonSpace = p;
      lastItemCount = items.length;
      continue;
    }
    const ch = text[p];
    if (ch === '#' && p > start && (text[p - 1] === ' ' || text[p - 1] === '\t')) break;
    if (flow && (ch === ',' || ch === '}' || ch === ']')) break;
    items.push({ ch, start: p, end: p + 1 });
    p += 1;
    if (ch !== ' ' && ch !== '\t') {
      lastNonSpace = p;
      lastItemCount = items.length;
    }
  }
  items.length = lastItemCount;
  let end = lastNonSpace;
  if (!flow && p >= lineEnd) end = readPlainContinuation(ctx, lineEnd, items, end);
  return { items, end, start };
}

/** Lines more indented than the key continue a plain value; YAML folds each line break into a space. */
function readPlainContinuation(ctx: ReadContext, from: number, items: Item[], end: number): number {
  const { tt, parentIndent } = ctx;
  const { text, masked } = tt;
  let nl = text.indexOf('\n', from);
  while (nl !== -1) {
    const ls = nl + 1;
    const le = tt.lineEnd(ls);
    const line = masked.slice(ls, le);
    const content = line.trim();
    const indent = line.length - line.replace(/^ +/, '').length;
    if (content === '' || indent <= parentIndent || hasAction(tt, ls, le)) break;
    if (content[0] === '#' || content.startsWith('- ') || /:(\s|$)|\s#/.test(content)) break;
    items.push({ ch: ' ', start: nl, end: nl + 1 });
    const from2 = ls + line.indexOf(content);
    for (let q = from2; q < from2 + content.length; q++) items.push({ ch: text[q], start: q, end: q + 1 });
    end = from2 + content.length;
    nl = text.indexOf('\n', le);
  }
  return end;
}
