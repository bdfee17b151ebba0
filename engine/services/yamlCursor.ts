import { DYNAMIC_CHAR } from '../template/actions';
import { TemplateText } from '../template/templateText';
import type { AnnotationForm, CursorContext, DocumentContext, ValueContext } from './cursorTypes';
import { lineStartOf } from '../template/documents';
import { valueEntry } from './valueEntry';

/** Where the cursor is in the YAML: block and flow annotations maps, and empty documents. */

interface Line {
  start: number;
  /** End of content, before `\r\n` or `\n`. */
  end: number;
  /** First non-space character (=== end for a blank line). */
  content: number;
}

function lineAt(tt: TemplateText, o: number): Line {
  const { text, masked } = tt;
  const start = lineStartOf(text, o);
  let end = text.indexOf('\n', o);
  if (end === -1) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  let content = start;
  while (content < end && (masked.charCodeAt(content) === 32 || masked.charCodeAt(content) === 9)) content++;
  return { start, end, content };
}

/** Blank, a comment, or only template output (an `{{ include }}` printing more keys): no key here. */
function isNoise(masked: string, l: Line): boolean {
  if (l.content >= l.end) return true;
  const c = masked[l.content];
  if (c === '#') return true;
  for (let p = l.content; p < l.end; p++) {
    const ch = masked[p];
    if (ch !== DYNAMIC_CHAR && ch !== ' ' && ch !== '\t') return false;
  }
  return true;
}

const KEY_LINE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#{[\]|>&*!%@`,-][^:#]*?|-[^\s:#][^:#]*?)[ \t]*:(?=[ \t]|$)/;

interface KeyOnLine {
  text: string;
  /** Offsets of the key (quotes included) and of its `:`. */
  start: number;
  end: number;
  colon: number;
}

function keyOnLine(tt: TemplateText, l: Line): KeyOnLine | undefined {
  const m = KEY_LINE.exec(tt.masked.slice(l.content, l.end));
  if (m === null || m[1].includes(DYNAMIC_CHAR)) return undefined;
  const raw = m[1];
  const q = raw[0];
  const text = q === '"' || q === "'" ? raw.slice(1, -1) : raw.trimEnd();
  return { text, start: l.content, end: l.content + raw.trimEnd().length, colon: l.content + m[0].length - 1 };
}

/** The nearest line above `l` that is less indented than `indent` (skipping noise), if any. */
function shallowerLine(tt: TemplateText, l: Line, indent: number): Line | undefined {
  let start = l.start;
  while (start > 0) {
    const prev = lineAt(tt, start - 1);
    start = prev.start;
    if (isNoise(tt.masked, prev)) continue;
    if (prev.content - prev.start < indent) return prev;
  }
  return undefined;
}

/**
 * The `annotations:` line when `l` (a line of the given indent) is a direct child of the document's
 * `metadata.annotations`. Pod templates' `spec.template.metadata.annotations` are not Helm's: Helm reads
 * only the object's own.
 */
function annotationsParent(tt: TemplateText, l: Line, indent: number): Line | undefined {
  const parent = shallowerLine(tt, l, indent);
  if (parent === undefined || keyOnLine(tt, parent)?.text !== 'annotations') return undefined;
  return isRootMetadataChild(tt, parent) ? parent : undefined;
}

function isRootMetadataChild(tt: TemplateText, l: Line): boolean {
  const metadata = shallowerLine(tt, l, l.content - l.start);
  if (metadata === undefined || keyOnLine(tt, metadata)?.text !== 'metadata') return false;
  return metadata.content === metadata.start || shallowerLine(tt, metadata, metadata.content - metadata.start) === undefined;
}

export function inYaml(tt: TemplateText, o: number): CursorContext | undefined {
  const { masked } = tt;
  const l = lineAt(tt, o);
  if (o < l.content && l.content < l.end) return undefined;
  if (l.content < l.end && masked[l.content] === '#') return undefined;
  const blank = l.content >= l.end;
  const indent = (blank ? o : l.content) - l.start;

  const flow = /^([ \t]*)annotations:[ \t]*\{/.exec(masked.slice(l.start, l.end));
  if (flow !== null && o >= l.start + flow[0].length) {
    const owner = { ...l, content: l.start + flow[1].length };
    return isRootMetadataChild(tt, owner) ? inFlow(tt, l.start + flow[0].length, l.end, o) : undefined;
  }

  if (indent === 0) return emptyDocument(tt, l, o);
  const parent = annotationsParent(tt, l, indent);
  if (parent === undefined) return undefined;
  const key = blank ? undefined : keyOnLine(tt, l);
  if (key === undefined || o <= key.end) {
    const first = masked[l.content];
    if (!blank && (first === '-' || first === '{' || first === '[' || masked.slice(l.content, o).includes(DYNAMIC_CHAR))) return undefined;
    let end = key?.end ?? l.end;
    while (key === undefined && end > l.content && /\s/.test(masked[end - 1])) end--;
    const start = blank ? o : l.content;
    return {
      kind: 'key',
      form: 'block',
      start,
      end: Math.max(end, o),
      hasValue: key !== undefined,
      quote: first === '"' || first === "'" ? first : '',
      present: siblingKeys(tt, parent, indent, l),
    };
  }
  if (!key.text.startsWith('helm.sh/') || o <= key.colon) return undefined;
  return valueAfterColon(tt, key.text, 'block', key.colon, l.end, o);
}

/** The value after `key:` on one line, up to `limit`: the entry under the cursor. */
function valueAfterColon(tt: TemplateText, key: string, form: AnnotationForm, colon: number, limit: number, o: number): ValueContext | undefined {
  const { text, masked } = tt;
  let v = colon + 1;
  while (v < limit && (text[v] === ' ' || text[v] === '\t')) v++;
  // Right after `key:` with nothing typed: the value needs its separating space.
  const prefix = v === colon + 1 && v >= limit ? ' ' : '';
  if (o < v) return v >= limit ? valueEntry(text, key, form, o, o, o, prefix) : undefined;
  const q = text[v];
  if (q === '"' || q === "'") {
    let close = -1;
    for (let p = v + 1; p < limit; p++) {
      if (q === '"' && text[p] === '\\') {
        p++;
        continue;
      }
      if (text[p] === q) {
        if (q === "'" && text[p + 1] === "'") {
          p++;
          continue;
        }
        close = p;
        break;
      }
    }
    const end = close === -1 ? limit : close;
    if (o > end) return undefined;
    return valueEntry(text, key, form, v + 1, end, o, '');
  }
  if (q !== undefined && '|>[{&*!%@`'.includes(q)) return undefined;
  // A plain value ends at a comment (the cursor may still sit in the spaces before it), and in a flow
  // map at the entry's end.
  let end = v;
  let stop = limit;
  for (let p = v; p < limit; p++) {
    if (masked[p] === '#' && p > v && (text[p - 1] === ' ' || text[p - 1] === '\t')) {
      stop = p - 1;
      break;
    }
    if (text[p] !== ' ' && text[p] !== '\t') end = p + 1;
  }
  if (o > Math.max(end, stop)) return undefined;
  return valueEntry(text, key, form, v, Math.max(end, o), o, prefix);
}

/** Keys of the annotations map other than the cursor's line. */
function siblingKeys(tt: TemplateText, parent: Line, indent: number, current: Line): string[] {
  const keys: string[] = [];
  const parentIndent = parent.content - parent.start;
  for (let nl = tt.text.indexOf('\n', parent.end); nl !== -1; ) {
    const l = lineAt(tt, nl + 1);
    nl = tt.text.indexOf('\n', l.end);
    if (l.start === current.start || isNoise(tt.masked, l)) continue;
    const li = l.content - l.start;
    if (li <= parentIndent) break;
    if (li !== indent) continue;
    const k = keyOnLine(tt, l);
    if (k !== undefined) keys.push(k.text);
  }
  return keys;
}

/** `annotations: { key: value, ... }` on one line: entries split at commas outside quotes. */
function inFlow(tt: TemplateText, open: number, limit: number, o: number): CursorContext | undefined {
  const { text } = tt;
  const entries: [number, number][] = [];
  let from = open;
  let close = limit;
  for (let p = open; p < limit; p++) {
    const c = text[p];
    if (c === '"' || c === "'") {
      const q = text.indexOf(c, p + 1);
      p = q === -1 || q >= limit ? limit : q;
      continue;
    }
    if (c === ',' || c === '}') {
      entries.push([from, p]);
      from = p + 1;
      if (c === '}') {
        close = p;
        break;
      }
    }
  }
  if (close === limit) entries.push([from, limit]);
  if (o > close) return undefined;
  const at = entries.find(([s, e]) => s <= o && o <= e);
  if (at === undefined) return undefined;
  const [s, e] = at;
  let keyStart = s;
  while (keyStart < e && /\s/.test(text[keyStart])) keyStart++;
  const colon = flowColon(text, keyStart, e);
  const present = entries.filter((x) => x !== at).map(([a, b]) => flowKey(text, a, b)).filter((k): k is string => k !== undefined);
  if (colon === -1 || o <= colon) {
    let keyEnd = colon === -1 ? e : colon;
    while (keyEnd > keyStart && /\s/.test(text[keyEnd - 1])) keyEnd--;
    if (text.slice(keyStart, o).includes('{{')) return undefined;
    const q = text[keyStart];
    return { kind: 'key', form: 'flow', start: Math.min(keyStart, o), end: Math.max(keyEnd, o), hasValue: colon !== -1, quote: q === '"' || q === "'" ? q : '', present };
  }
  const key = flowKey(text, s, e);
  if (key === undefined || !key.startsWith('helm.sh/')) return undefined;
  return valueAfterColon(tt, key, 'flow', colon, e, o);
}

function flowColon(text: string, from: number, to: number): number {
  const q = text[from];
  let p = from;
  if (q === '"' || q === "'") {
    const close = text.indexOf(q, from + 1);
    if (close === -1 || close >= to) return -1;
    p = close + 1;
  }
  const c = text.indexOf(':', p);
  return c === -1 || c >= to ? -1 : c;
}

function flowKey(text: string, from: number, to: number): string | undefined {
  let a = from;
  while (a < to && /\s/.test(text[a])) a++;
  const colon = flowColon(text, a, to);
  if (colon === -1) return undefined;
  const raw = text.slice(a, colon).trim();
  return raw[0] === '"' || raw[0] === "'" ? raw.slice(1, -1) : raw;
}

/** Column 0 of a document with nothing else in it yet: room for a whole hook resource. */
function emptyDocument(tt: TemplateText, l: Line, o: number): DocumentContext | undefined {
  const { text, masked } = tt;
  if (!/^[A-Za-z-]*$/.test(masked.slice(l.start, o)) || masked.slice(o, l.end).trim() !== '') return undefined;
  for (let s = 0; s < text.length; ) {
    const line = lineAt(tt, s);
    if (line.start !== l.start && !isNoise(masked, line)) return undefined;
    const nl = text.indexOf('\n', line.end);
    if (nl === -1) break;
    s = nl + 1;
  }
  return { kind: 'document', start: l.start, end: l.end };
}
