import { Action } from '../template/actions';
import { TemplateText } from '../template/templateText';
import { isGoSpace } from '../text/goStrings';

/** Literal text with the source offset of each character (`offsets.length === text.length + 1`). */
export interface LiteralPiece {
  kind: 'lit';
  text: string;
  offsets: number[];
}

/** Text printed by a template action: unknown until rendered, so never checked. */
export interface DynamicPiece {
  kind: 'dyn';
  start: number;
  end: number;
}

export type Piece = LiteralPiece | DynamicPiece;

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block' | 'flow';

/** What the YAML parser Helm and kubectl use (YAML 1.1 rules) makes of the value. */
export type ResolvedType = 'string' | 'int' | 'float' | 'bool' | 'null' | 'sequence' | 'mapping' | 'unknown';

export interface ScalarValue {
  /** Source span of the whole value, quotes included. */
  start: number;
  end: number;
  style: ScalarStyle;
  /** True when template actions take part in the value. */
  dynamic: boolean;
  /** Every rendering the template can produce, branches expanded; undefined when there are too many. */
  expansions: Piece[][] | undefined;
  type: ResolvedType;
}

const MAX_EXPANSIONS = 64;
/** Deeper template nesting inside one value is left unchecked (and keeps recursion bounded). */
const MAX_NESTING = 16;

/** One decoded character, or an action, in source order. */
type Item = { ch: string; start: number; end: number } | { action: Action };

interface Context {
  tt: TemplateText;
  /** Indentation of the key owning the value: block scalar content must be deeper. */
  parentIndent: number;
  /** Inside `{...}` or `[...]`: plain scalars stop at `,` `}` `]`. */
  flow: boolean;
}

/** Reads the value that starts at `start` (first non-space after `key:`), up to `limit`. */
export function scanValue(tt: TemplateText, start: number, parentIndent: number, flow = false): ScalarValue {
  const ctx: Context = { tt, parentIndent, flow };
  const masked = tt.masked;
  const c = masked[start];
  const simple = readSimple(ctx, start);
  if (simple !== undefined) return simple;
  if (c === '"') return finish(readDoubleQuoted(ctx, start), 'double');
  if (c === "'") return finish(readSingleQuoted(ctx, start), 'single');
  if (!flow && (c === '|' || c === '>')) return finish(readBlock(ctx, start), 'block');
  if (c === '[' || c === '{') {
    const end = skipFlow(masked, start);
    return { start, end, style: 'flow', dynamic: false, expansions: undefined, type: c === '[' ? 'sequence' : 'mapping' };
  }
  return finish(readPlain(ctx, start), 'plain');
}

function literal(text: string, from: number): LiteralPiece {
  const offsets = new Array<number>(text.length + 1);
  for (let i = 0; i <= text.length; i++) offsets[i] = from + i;
  return { kind: 'lit', text, offsets };
}

/**
 * The common case without allocating per character: a one-line value with no template action, no
 * escape and no continuation. Undefined when the full readers are needed.
 */
function readSimple(ctx: Context, start: number): ScalarValue | undefined {
  const { tt, flow } = ctx;
  const text = tt.text;
  const lineEnd = tt.lineEnd(start);
  if (hasAction(tt, start, lineEnd)) return undefined;
  const q = text[start];
  if (q === '"' || q === "'") {
    const close = text.indexOf(q, start + 1);
    if (close === -1 || close >= lineEnd) return undefined;
    const inner = text.slice(start + 1, close);
    if ((q === '"' && inner.includes('\\')) || (q === "'" && text[close + 1] === "'")) return undefined;
    return { start, end: close + 1, style: q === '"' ? 'double' : 'single', dynamic: false, expansions: [[literal(inner, start + 1)]], type: 'string' };
  }
  if (q === '|' || q === '>' || q === '[' || q === '{') return undefined;
  let end = start;
  for (let p = start; p < lineEnd; p++) {
    const ch = text.charCodeAt(p);
    if (ch === 35 /* # */ && p > start && (text.charCodeAt(p - 1) === 32 || text.charCodeAt(p - 1) === 9)) break;
    if (flow && (ch === 44 || ch === 125 || ch === 93)) break;
    if (ch !== 32 && ch !== 9) end = p + 1;
  }
  // A deeper next line may continue a plain value: leave that to the full reader.
  if (!flow && end >= start && nextLineContinues(ctx, lineEnd)) return undefined;
  const value = text.slice(start, end);
  return { start, end, style: 'plain', dynamic: false, expansions: [[literal(value, start)]], type: resolvePlain(value) };
}

function nextLineContinues(ctx: Context, lineEnd: number): boolean {
  const { tt, parentIndent } = ctx;
  const nl = tt.text.indexOf('\n', lineEnd);
  if (nl === -1) return false;
  let i = nl + 1;
  while (tt.masked.charCodeAt(i) === 32) i++;
  const c = tt.masked[i];
  return i - nl - 1 > parentIndent && c !== undefined && c !== '\n' && c !== '\r' && c !== '#';
}

function finish(read: { items: Item[]; end: number; start: number }, style: ScalarStyle): ScalarValue {
  const dynamic = read.items.some((i) => 'action' in i);
  let expansions = expand(read.items);
  let type: ResolvedType = 'string';
  if (style === 'plain') {
    if (expansions === undefined) type = 'unknown';
    else {
      // YAML reads the rendered text: a branch may render a quoted string, or a number.
      const types: ResolvedType[] = [];
      expansions = expansions.map((pieces) => {
        const r = reinterpretPlain(pieces);
        types.push(r.type);
        return r.pieces;
      });
      type = types.includes('unknown')
        ? 'unknown'
        : (types.find((t) => t !== 'string' && t !== 'null') ?? (types.every((t) => t === 'null') ? 'null' : 'string'));
    }
  }
  return { start: read.start, end: read.end, style, dynamic, expansions, type };
}

/** One rendering of a plain value as YAML will read it: quotes stripped, or its plain type resolved. */
function reinterpretPlain(pieces: Piece[]): { pieces: Piece[]; type: ResolvedType } {
  const text = wholeText(pieces);
  if (text === undefined) return { pieces, type: 'unknown' };
  const q = text[0];
  if (text.length >= 2 && (q === '"' || q === "'") && text[text.length - 1] === q) {
    const lits = pieces.filter((p): p is LiteralPiece => p.kind === 'lit' && p.text.length > 0);
    const first = lits[0];
    const last = lits[lits.length - 1];
    const trimmed = lits.map((p) => {
      let { text: t, offsets } = p;
      if (p === first) {
        t = t.slice(1);
        offsets = offsets.slice(1);
      }
      if (p === last) {
        t = t.slice(0, -1);
        offsets = offsets.slice(0, -1);
      }
      return { kind: 'lit' as const, text: t, offsets };
    });
    return { pieces: trimmed, type: 'string' };
  }
  return { pieces, type: resolvePlain(text) };
}

function readPlain(ctx: Context, start: number): { items: Item[]; end: number; start: number } {
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
function readPlainContinuation(ctx: Context, from: number, items: Item[], end: number): number {
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

function readSingleQuoted(ctx: Context, start: number): { items: Item[]; end: number; start: number } {
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

function readDoubleQuoted(ctx: Context, start: number): { items: Item[]; end: number; start: number } {
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

function readBlock(ctx: Context, start: number): { items: Item[]; end: number; start: number } {
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

function hasAction(tt: TemplateText, from: number, to: number): boolean {
  const i = tt.firstActionFrom(from);
  return i < tt.actions.length && tt.actions[i].start < to;
}

function skipFlow(masked: string, start: number): number {
  let depth = 0;
  for (let p = start; p < masked.length; p++) {
    const c = masked[p];
    if (c === '[' || c === '{') depth += 1;
    else if (c === ']' || c === '}') {
      depth -= 1;
      if (depth === 0) return p + 1;
    } else if (c === '"' || c === "'") {
      const close = masked.indexOf(c, p + 1);
      if (close === -1) return masked.length;
      p = close;
    }
  }
  return masked.length;
}

// ---- template branches ----

type Node = { kind: 'lit'; ch: string; start: number; end: number } | DynamicPiece | { kind: 'branch'; options: Node[][] };

interface Frame {
  kind: 'if' | 'range' | 'root';
  options: Node[][];
  current: Node[];
  hasElse: boolean;
  start: number;
}

/** What `{{-` and `-}}` trim (text/template: ASCII space, tab, CR, LF). */
const TEMPLATE_SPACE = /^[ \t\r\n]$/;

const STRING_ACTION = /^\s*"((?:[^"\\]|\\.)*)"\s*$/;

function buildTree(items: Item[]): Node[] | undefined {
  const root: Frame = { kind: 'root', options: [], current: [], hasElse: false, start: 0 };
  const stack: Frame[] = [root];
  const top = (): Frame => stack[stack.length - 1];
  let skipSpace = false;
  const close = (f: Frame, endOffset: number): Node => {
    if (f.kind === 'range') return { kind: 'dyn', start: f.start, end: endOffset };
    const options = [...f.options, f.current];
    if (!f.hasElse) options.push([]);
    return { kind: 'branch', options };
  };
  for (const item of items) {
    if ('ch' in item) {
      if (skipSpace && TEMPLATE_SPACE.test(item.ch)) continue;
      skipSpace = false;
      top().current.push({ kind: 'lit', ch: item.ch, start: item.start, end: item.end });
      continue;
    }
    const a = item.action;
    if (a.trimLeft) {
      const cur = top().current;
      while (cur.length > 0) {
        const last = cur[cur.length - 1];
        if (last.kind === 'lit' && TEMPLATE_SPACE.test(last.ch)) cur.pop();
        else break;
      }
    }
    skipSpace = a.trimRight;
    switch (a.kind) {
      case 'if':
      case 'with':
      case 'range':
        if (stack.length > MAX_NESTING) return undefined;
        stack.push({ kind: a.kind === 'range' ? 'range' : 'if', options: [], current: [], hasElse: false, start: a.start });
        break;
      case 'elseIf':
      case 'else': {
        const f = top();
        f.options.push(f.current);
        f.current = [];
        if (a.kind === 'else') f.hasElse = true;
        break;
      }
      case 'end':
        if (stack.length > 1) {
          const f = stack.pop() as Frame;
          top().current.push(close(f, a.end));
        }
        break;
      case 'output': {
        const m = STRING_ACTION.exec(a.body);
        if (m) {
          const contentStart = a.start + a.body.length - a.body.trimStart().length + 3 + (a.trimLeft ? 1 : 0);
          const s = m[1].replace(/\\(.)/g, '$1');
          for (let i = 0; i < s.length; i++) top().current.push({ kind: 'lit', ch: s[i], start: contentStart + i, end: contentStart + i + 1 });
        } else {
          top().current.push({ kind: 'dyn', start: a.start, end: a.end });
        }
        break;
      }
      default:
        break;
    }
  }
  while (stack.length > 1) {
    const f = stack.pop() as Frame;
    top().current.push(close(f, items.length > 0 ? endOf(items[items.length - 1]) : f.start));
  }
  if (root.options.length > 0) return [{ kind: 'branch', options: [...root.options, root.current] }];
  return root.current;
}

function endOf(item: Item): number {
  return 'ch' in item ? item.end : item.action.end;
}

/** Cartesian product of the branches, merged into pieces; undefined past MAX_EXPANSIONS. */
function expand(items: Item[]): Piece[][] | undefined {
  const nodes = buildTree(items);
  const seqs = nodes === undefined ? undefined : expandNodes(nodes);
  return seqs === undefined ? undefined : seqs.map(toPieces);
}

type Flat = ({ kind: 'lit'; ch: string; start: number; end: number } | DynamicPiece)[];

function expandNodes(nodes: Node[]): Flat[] | undefined {
  let acc: Flat[] = [[]];
  for (const n of nodes) {
    if (n.kind !== 'branch') {
      for (const a of acc) a.push(n);
      continue;
    }
    const next: Flat[] = [];
    for (const option of n.options) {
      const sub = expandNodes(option);
      if (sub === undefined) return undefined;
      for (const a of acc) for (const s of sub) next.push([...a, ...s]);
      if (next.length > MAX_EXPANSIONS) return undefined;
    }
    acc = next;
  }
  return acc;
}

function toPieces(flat: Flat): Piece[] {
  const pieces: Piece[] = [];
  let lit: LiteralPiece | undefined;
  for (const n of flat) {
    if (n.kind === 'dyn') {
      lit = undefined;
      pieces.push(n);
      continue;
    }
    // Characters from different places (a skipped branch between them) start a new piece, so ranges
    // never stretch over text that is not part of this rendering.
    if (lit === undefined || lit.offsets[lit.offsets.length - 1] !== n.start) {
      lit = { kind: 'lit', text: '', offsets: [n.start] };
      pieces.push(lit);
    }
    lit.text += n.ch;
    lit.offsets[lit.offsets.length - 1] = n.start;
    lit.offsets.push(n.end);
  }
  return pieces;
}

// ---- YAML 1.1 resolution, as sigs.k8s.io/yaml (go-yaml v2 resolve.go) reads plain scalars ----

const BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const NULL = /^(~|null|Null|NULL|)$/;
const SPECIAL_FLOAT = /^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;
/** strconv.ParseInt/ParseUint with base 0, after go-yaml removed underscores. */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

export function resolvePlain(s: string): ResolvedType {
  if (NULL.test(s)) return 'null';
  if (BOOL.test(s)) return 'bool';
  if (SPECIAL_FLOAT.test(s)) return 'float';
  const c = s[0];
  if ((c >= '0' && c <= '9') || c === '-' || c === '+') {
    const plain = s.replace(/_/g, '');
    if (GO_INT.test(plain)) return 'int';
    if (YAML_STYLE_FLOAT.test(plain)) return 'float';
    return 'string';
  }
  if (c === '.' && /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s)) return 'float';
  return 'string';
}

// ---- reading lists out of values ----

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

/** The whole rendering as one string, or undefined when a template prints part of it. */
export function wholeText(pieces: Piece[]): string | undefined {
  let s = '';
  for (const p of pieces) {
    if (p.kind === 'dyn') return undefined;
    s += p.text;
  }
  return s;
}
