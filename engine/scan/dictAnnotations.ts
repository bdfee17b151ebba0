import { TemplateText } from '../template/templateText';
import { ScalarValue } from './scalar';

export interface DictAnnotation {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: ScalarValue;
}

export interface GoToken {
  kind: 'string' | 'other';
  start: number;
  end: number;
  /** Decoded string with one source offset per character, for string tokens. */
  text: string;
  offsets: number[];
}

/**
 * Finds annotation literals inside template actions, such as bitnami's
 * `dict "helm.sh/hook" "pre-upgrade" "helm.sh/hook-delete-policy" "hook-succeeded"`:
 * a `"helm.sh/..."` string followed by another string is a key and its value; followed by anything
 * else, the value is built at render time and left alone.
 */
export function scanDictAnnotations(tt: TemplateText, from: number, to: number): DictAnnotation[] {
  const found: DictAnnotation[] = [];
  for (let i = tt.firstActionFrom(from); i < tt.actions.length && tt.actions[i].start < to; i++) {
    const a = tt.actions[i];
    if (a.kind === 'comment' || !a.body.includes('"helm.sh/')) continue;
    const tokens = tokenize(tt.text, a.bodyStart, a.bodyStart + a.body.length);
    for (let t = 0; t < tokens.length; t++) {
      const tok = tokens[t];
      if (tok.kind !== 'string' || !tok.text.startsWith('helm.sh/')) continue;
      const next = tokens[t + 1];
      const value: ScalarValue =
        next?.kind === 'string'
          ? {
              start: next.start,
              end: next.end,
              style: 'double',
              dynamic: false,
              expansions: [[{ kind: 'lit', text: next.text, offsets: next.offsets }]],
              type: 'string',
            }
          : { start: tok.end, end: tok.end, style: 'plain', dynamic: true, expansions: undefined, type: 'unknown' };
      if (next === undefined || next.kind !== 'string') {
        // `index $x "helm.sh/hook"` or `hasKey`: the key is read, not set.
        if (next === undefined || next.text === ')' || next.text === '|') continue;
      }
      found.push({ key: tok.text, keyStart: tok.start, keyEnd: tok.end, value });
      if (next?.kind === 'string') t += 1;
    }
  }
  return found;
}

const GO_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };

export function tokenize(text: string, from: number, to: number): GoToken[] {
  const tokens: GoToken[] = [];
  let p = from;
  while (p < to) {
    const c = text[p];
    if (c === '-' || /\s/.test(c)) {
      p++;
      continue;
    }
    if (c === '"') {
      const start = p;
      let s = '';
      const offsets: number[] = [];
      p++;
      while (p < to && text[p] !== '"' && text[p] !== '\n') {
        if (text[p] === '\\' && p + 1 < to) {
          offsets.push(p);
          s += Object.hasOwn(GO_ESCAPES, text[p + 1]) ? GO_ESCAPES[text[p + 1]] : text[p + 1];
          p += 2;
        } else {
          offsets.push(p);
          s += text[p];
          p++;
        }
      }
      offsets.push(p);
      p++;
      tokens.push({ kind: 'string', start, end: Math.min(p, to), text: s, offsets });
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', p + 1);
      const end = close === -1 || close >= to ? to : close + 1;
      const body = text.slice(p + 1, Math.max(p + 1, end - 1));
      const offsets = Array.from({ length: body.length + 1 }, (_, k) => p + 1 + k);
      tokens.push({ kind: 'string', start: p, end, text: body, offsets });
      p = end;
      continue;
    }
    if (c === '(' || c === ')' || c === '|') {
      tokens.push({ kind: 'other', start: p, end: p + 1, text: c, offsets: [] });
      p++;
      continue;
    }
    const start = p;
    while (p < to && !/[\s()"|`]/.test(text[p])) p++;
    tokens.push({ kind: 'other', start, end: p, text: text.slice(start, p), offsets: [] });
  }
  return tokens;
}
