import { Item, ReadContext, ScalarRead } from './scalarItems';

export function readSingleQuoted(ctx: ReadContext, start: number): ScalarRead {
  const { tt } = ctx;
  const text = tt.text;
  const items: Item[] = [];
  let p = start + 1;
  while (p < text.length) {
    const action = tt.actionAt(p);
    if (action !== undefined && action.start === p) {
      items.push({ action });
      p = action.end;
      continue;
    }
    const ch = text[p];
    if (ch === "'") {
      if (text[p + 1] === "'") {
        items.push({ ch: "'", start: p, end: p + 2 });
        p += 2;
        continue;
      }
      return { items, end: p + 1, start };
    }
    if (ch === '\n' || ch === '\r') {
      p = foldLineBreak(text, p, items);
      continue;
    }
    items.push({ ch, start: p, end: p + 1 });
    p += 1;
  }
  return { items, end: text.length, start };
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

export function readDoubleQuoted(ctx: ReadContext, start: number): ScalarRead {
  const { tt } = ctx;
  const text = tt.text;
  const items: Item[] = [];
  let p = start + 1;
  while (p < text.length) {
    const action = tt.actionAt(p);
    if (action !== undefined && action.start === p) {
      items.push({ action });
      p = action.end;
      continue;
    }
    const ch = text[p];
    if (ch === '"') return { items, end: p + 1, start };
    if (ch === '\\') {
      const e = text[p + 1];
      if (e === '\n' || e === '\r') {
        p = skipLineBreakAndIndent(text, p + 1);
        continue;
      }
      const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hexLen > 0) {
        const code = parseInt(text.slice(p + 2, p + 2 + hexLen), 16);
        items.push({ ch: Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd', start: p, end: p + 2 + hexLen });
        p += 2 + hexLen;
        continue;
      }
      items.push({ ch: Object.hasOwn(ESCAPES, e) ? ESCAPES[e] : e ?? '', start: p, end: p + 2 });
      p += 2;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      p = foldLineBreak(text, p, items);
      continue;
    }
    items.push({ ch, start: p, end: p + 1 });
    p += 1;
  }
  return { items, end: text.length, start };
}

function skipLineBreakAndIndent(text: string, p: number): number {
  if (text[p] === '\r') p += 1;
  if (text[p] === '\n') p += 1;
  while (text[p] === ' ' || text[p] === '\t') p += 1;
  return p;
}

/** YAML line folding inside quoted scalars: one break becomes a space, each further empty line a newline. */
function foldLineBreak(text: string, p: number, items: Item[]): number {
  while (items.length > 0) {
    const last = items[items.length - 1];
    if ('ch' in last && (last.ch === ' ' || last.ch === '\t') && last.end === last.start + 1) items.pop();
    else break;
  }
  const at = p;
  p = skipLineBreakAndIndent(text, p);
  let breaks = 0;
  while (text[p] === '\n' || text[p] === '\r') {
    breaks += 1;
    p = skipLineBreakAndIndent(text, p);
  }
  if (breaks === 0) items.push({ ch: ' ', start: at, end: at + 1 });
  for (let i = 0; i < breaks; i++) items.push({ ch: '\n', start: at, end: at + 1 });
  return p;
}
