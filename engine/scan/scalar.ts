import { TemplateText } from '../template/templateText';
import { readBlock } from './blockScalar';
import { literal, LiteralPiece, Piece, wholeText } from './pieces';
import { readPlain } from './plainScalar';
import { readDoubleQuoted, readSingleQuoted } from './quotedScalar';
import { hasAction, ReadContext, ScalarRead } from './scalarItems';
import { expand } from './templateBranches';
import { ResolvedType, resolvePlain } from './yamlTypes';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block' | 'flow';

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

/** Reads the value that starts at `start` (first non-space after `key:`), up to `limit`. */
export function scanValue(tt: TemplateText, start: number, parentIndent: number, flow = false): ScalarValue {
  const ctx: ReadContext = { tt, parentIndent, flow };
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

/**
 * The common case without allocating per character: a one-line value with no template action, no
 * escape and no continuation. Undefined when the full readers are needed.
 */
function readSimple(ctx: ReadContext, start: number): ScalarValue | undefined {
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

function nextLineContinues(ctx: ReadContext, lineEnd: number): boolean {
  const { tt, parentIndent } = ctx;
  const nl = tt.text.indexOf('\n', lineEnd);
  if (nl === -1) return false;
  let i = nl + 1;
  while (tt.masked.charCodeAt(i) === 32) i++;
  const c = tt.masked[i];
  return i - nl - 1 > parentIndent && c !== undefined && c !== '\n' && c !== '\r' && c !== '#';
}

function finish(read: ScalarRead, style: ScalarStyle): ScalarValue {
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
