import { BranchIndex, BranchPath } from '../template/branches';
import { DYNAMIC_CHAR } from '../template/actions';
import { isSeparatorAt } from '../template/documents';
import { TemplateText } from '../template/templateText';
import { scanDictAnnotations } from './dictAnnotations';
import { wholeText } from './pieces';
import { ScalarValue, scanValue } from './scalar';

export type AnnotationSource = 'block' | 'flow' | 'dict';

export interface AnnotationEntry {
  /** Key text; undefined when a template builds it. */
  key: string | undefined;
  keyStart: number;
  keyEnd: number;
  value: ScalarValue;
  source: AnnotationSource;
  branch: BranchPath | undefined;
}

/** One object of a template file (one YAML document), as far as hooks care. */
export interface ObjectInfo {
  /** Offsets of the document in the file. */
  start: number;
  end: number;
  /** Literal `kind`, or undefined when missing or built by a template. */
  kind: string | undefined;
  kindRange: [number, number] | undefined;
  name: ScalarValue | undefined;
  namespace: ScalarValue | undefined;
  annotations: AnnotationEntry[];
  /** Offset of the `annotations:` key, if present. */
  annotationsKey: number | undefined;
  /** Some annotations come from templates (toYaml, include, dynamic keys): absence proves nothing. */
  annotationsDynamic: boolean;
  /** `spec.restartPolicy` (Pod) or `spec.template.spec.restartPolicy` (Job, CronJob's job template aside). */
  restartPolicy: ScalarValue | undefined;
}

interface StackEntry {
  indent: number;
  key: string;
  /** Dotted path of this key from the document root. */
  path: string;
}

/** Mappings whose keys the rules read; anything deeper elsewhere (a CRD's schema...) is skipped fast. */
const READ_INSIDE = new Set(['', 'metadata', 'metadata.annotations', 'spec', 'spec.template', 'spec.template.spec']);

const SPACES: string[] = [];
function indentOf(n: number): string {
  return (SPACES[n] ??= ' '.repeat(n));
}

function push(stack: StackEntry[], indent: number, key: string): StackEntry {
  const parent = stack.length > 0 ? stack[stack.length - 1].path : '';
  const entry = { indent, key, path: parent === '' ? key : `${parent}.${key}` };
  stack.push(entry);
  return entry;
}

/** Finds every object in a template file with the parts of its YAML that hook rules read. */
export function scanObjects(tt: TemplateText): ObjectInfo[] {
  const branches = new BranchIndex(tt);
  const { masked } = tt;
  const objects: ObjectInfo[] = [];
  let obj = newObject(0);
  let stack: StackEntry[] = [];

  const flush = (end: number): void => {
    obj.end = end;
    objects.push(obj);
  };

  // Lines deeper than this indent belong to a subtree no rule reads.
  let skipDeeperThan = -1;
  let ls = 0;
  while (ls <= masked.length) {
    let le = masked.indexOf('\n', ls);
    if (le === -1) le = masked.length;
    if (skipDeeperThan >= 0) {
      if (le === ls || masked.startsWith(indentOf(skipDeeperThan + 1), ls) || masked.slice(ls, le).trim() === '') {
        ls = le + 1;
        continue;
      }
      skipDeeperThan = -1;
    }
    const contentEnd = le > ls && masked.charCodeAt(le - 1) === 13 ? le - 1 : le;

    if (isSeparatorAt(masked, ls)) {
      flush(ls);
      obj = newObject(le + 1);
      stack = [];
      ls = le + 1;
      continue;
    }

    let c = ls;
    while (c < contentEnd && (masked.charCodeAt(c) === 32 || masked.charCodeAt(c) === 9)) c++;
    const first = masked[c];
    if (c >= contentEnd || first === '#') {
      ls = le + 1;
      continue;
    }

    let indent = c - ls;
    // A sequence item: its keys sit deeper, at the column after "- ".
    let isItem = false;
    while (masked[c] === '-' && (c + 1 >= contentEnd || masked[c + 1] === ' ')) {
      isItem = true;
      const dash = c - ls;
      while (stack.length > 0 && stack[stack.length - 1].indent > dash) stack.pop();
      push(stack, dash + 1, '[]');
      c += 1;
      while (c < contentEnd && masked[c] === ' ') c++;
      indent = c - ls;
    }
    if (c >= contentEnd) {
      ls = le + 1;
      continue;
    }

    const key = readKey(masked, c, contentEnd);
    if (key === undefined) {
      if (!isItem && masked.slice(c, contentEnd).includes(DYNAMIC_CHAR)) markDynamic(obj, stack, indent);
      ls = le + 1;
      continue;
    }

    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();

    const parent = stack.length > 0 ? stack[stack.length - 1].path : '';
    if (READ_INSIDE.has(parent)) {
      // Skip real whitespace only: a value may begin with a hidden `{{ if }}`.
      let v = key.valueStart;
      while (v < contentEnd && (tt.text[v] === ' ' || tt.text[v] === '\t')) v++;
      const hasValue = v < contentEnd && masked[v] !== '#' && masked.slice(v, contentEnd).trim() !== '';
      const value = (): ScalarValue => scanValue(tt, hasValue ? v : key.valueStart, indent);
      if (parent === '') {
        if (key.text === 'kind' && hasValue) {
          const kv = value();
          const k = kv.expansions?.length === 1 ? wholeText(kv.expansions[0]) : undefined;
          if (k !== undefined) {
            obj.kind = k.trim();
            obj.kindRange = [kv.start, kv.end];
          }
        }
      } else if (parent === 'metadata') {
        if (key.text === 'name') obj.name = value();
        else if (key.text === 'namespace') obj.namespace = value();
        else if (key.text === 'annotations') {
          obj.annotationsKey = key.start;
          // A flow map may span lines: they are its entries, not block keys.
          if (hasValue && masked[v] === '{') le = Math.max(le, tt.lineEnd(readFlowAnnotations(tt, branches, obj, v, indent)));
          else if (hasValue && masked.slice(v, contentEnd).includes(DYNAMIC_CHAR)) obj.annotationsDynamic = true;
        }
      } else if (parent === 'metadata.annotations') {
        if (key.text === undefined) obj.annotationsDynamic = true;
        else {
          obj.annotations.push({
            key: key.text,
            keyStart: key.start,
            keyEnd: key.end,
            value: value(),
            source: 'block',
            branch: branches.at(key.start),
          });
        }
      } else if ((parent === 'spec' || parent === 'spec.template.spec') && key.text === 'restartPolicy') {
        obj.restartPolicy = value();
      }
    }
    const entry = push(stack, indent, key.text ?? '\uE000');
    if (!READ_INSIDE.has(entry.path)) skipDeeperThan = indent;
    ls = le + 1;
  }
  flush(masked.length);

  for (const o of objects) {
    for (const entry of scanDictAnnotations(tt, o.start, o.end)) {
      o.annotations.push({ ...entry, source: 'dict', branch: branches.at(entry.keyStart) });
    }
  }
  return objects.filter((o) => o.kind !== undefined || o.annotations.length > 0 || o.name !== undefined);
}

function newObject(start: number): ObjectInfo {
  return {
    start,
    end: start,
    kind: undefined,
    kindRange: undefined,
    name: undefined,
    namespace: undefined,
    annotations: [],
    annotationsKey: undefined,
    annotationsDynamic: false,
    restartPolicy: undefined,
  };
}

/** A template line in the middle of metadata or annotations may print more annotations. */
function markDynamic(obj: ObjectInfo, stack: StackEntry[], indent: number): void {
  const enclosing = stack.filter((s) => s.indent < indent);
  const path = (enclosing.length > 0 ? enclosing : stack).at(-1)?.path ?? '';
  if (path === 'metadata' || path.startsWith('metadata.annotations')) obj.annotationsDynamic = true;
}

interface Key {
  /** Undefined when a template builds the key. */
  text: string | undefined;
  start: number;
  end: number;
  /** Offset just past the `:`. */
  valueStart: number;
}

/** Reads `key:` at `c`; undefined when the line holds no mapping key. */
function readKey(masked: string, c: number, end: number): Key | undefined {
  const q = masked[c];
  if (q === '"' || q === "'") {
    let p = c + 1;
    let text = '';
    while (p < end) {
      const ch = masked[p];
      if (q === "'" && ch === "'" && masked[p + 1] === "'") {
        text += "'";
        p += 2;
        continue;
      }
      if (q === '"' && ch === '\\') {
        text += masked[p + 1] ?? '';
        p += 2;
        continue;
      }
      if (ch === q) break;
      text += ch;
      p += 1;
    }
    if (p >= end) return undefined;
    let colon = p + 1;
    while (colon < end && masked[colon] === ' ') colon++;
    if (masked[colon] !== ':') return undefined;
    return { text: text.includes(DYNAMIC_CHAR) ? undefined : text, start: c, end: p + 1, valueStart: colon + 1 };
  }
  if (q === '{' || q === '[' || q === '|' || q === '>' || q === '&' || q === '*' || q === '!' || q === '%' || q === '@' || q === '`') {
    return undefined;
  }
  for (let p = c; p < end; p++) {
    const ch = masked.charCodeAt(p);
    if (ch === 58 /* : */ && (p + 1 >= end || masked.charCodeAt(p + 1) === 32 || masked.charCodeAt(p + 1) === 9)) {
      let e = p;
      while (e > c && masked.charCodeAt(e - 1) === 32) e--;
      const text = masked.slice(c, e);
      return { text: text.includes(DYNAMIC_CHAR) ? undefined : text, start: c, end: e, valueStart: p + 1 };
    }
    if (ch === 35 /* # */ && p > c && masked.charCodeAt(p - 1) === 32) return undefined;
  }
  return undefined;
}

/** `annotations: { "helm.sh/hook": pre-install, ... }`; returns where reading stopped (the `}`, or what it could not read). */
function readFlowAnnotations(tt: TemplateText, branches: BranchIndex, obj: ObjectInfo, open: number, indent: number): number {
  const { masked } = tt;
  let p = open + 1;
  for (;;) {
    while (p < masked.length && /[\s,]/.test(masked[p])) p++;
    if (p >= masked.length || masked[p] === '}') return Math.min(p, masked.length);
    // An unclosed map ends with its document, at the `---` line (the newline before it is returned).
    if (masked[p - 1] === '\n' && isSeparatorAt(masked, p)) return p - 1;
    if (masked[p] === DYNAMIC_CHAR) {
      obj.annotationsDynamic = true;
      while (p < masked.length && masked[p] !== ',' && masked[p] !== '}') p++;
      continue;
    }
    const lineEnd = tt.lineEnd(p);
    const key = readFlowKey(masked, p, lineEnd);
    if (key === undefined) return p;
    let v = key.valueStart;
    while (v < masked.length && /[ \t]/.test(masked[v])) v++;
    const value = scanValue(tt, v, indent, true);
    if (key.text === undefined) obj.annotationsDynamic = true;
    else obj.annotations.push({ key: key.text, keyStart: key.start, keyEnd: key.end, value, source: 'flow', branch: branches.at(key.start) });
    p = Math.max(value.end, v);
  }
}

function readFlowKey(masked: string, c: number, end: number): Key | undefined {
  const q = masked[c];
  if (q === '"' || q === "'") return readKey(masked, c, end);
  for (let p = c; p < end; p++) {
    const ch = masked[p];
    if (ch === ':') {
      let e = p;
      while (e > c && masked[e - 1] === ' ') e--;
      const text = masked.slice(c, e);
      return { text: text.includes(DYNAMIC_CHAR) ? undefined : text, start: c, end: e, valueStart: p + 1 };
    }
    if (ch === ',' || ch === '}') return undefined;
  }
  return undefined;
}
