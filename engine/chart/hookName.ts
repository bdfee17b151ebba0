import { Piece } from '../scan/pieces';
import { ScalarValue } from '../scan/scalar';
import { TemplateText } from '../template/templateText';
import { NamePart } from './hookRecord';

/**
 * An action body as a placeholder, normalised so that actions rendering the same text look the same:
 * spacing collapsed, and `template "x" .` written as the equivalent `include "x" .`.
 */
function placeholder(body: string): string {
  return `{{ ${body.trim().replace(/\s+/g, ' ').replace(/^template\s/, 'include ')} }}`;
}

/** Splits on `sep` outside strings and parentheses. */
function splitTop(s: string, sep: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === '`') {
      const close = c === '"' ? /"/g : /`/g;
      close.lastIndex = i + 1;
      // Skip the string (escaped quotes inside "..." included).
      for (let m = close.exec(s); m !== null; m = close.exec(s)) {
        if (c === '`' || s[m.index - 1] !== '\\') {
          i = m.index;
          break;
        }
      }
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && sep.test(c)) {
      out.push(s.slice(from, i));
      from = i + 1;
    }
  }
  out.push(s.slice(from));
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

/** Pipeline stages that keep a name's start: cutting at 63 characters and dropping a trailing dash. */
const NAME_TIDY = /^(trunc\s+\d+|trimSuffix\s+"-")$/;

/**
 * `printf "%s-migrate" (include "x.fullname" .) | trunc 63 | trimSuffix "-"` as the parts it prints:
 * `{{ include "x.fullname" . }}` then `-migrate` (bitnami writes most hook names this way). The cut at 63
 * characters is ignored: it changes the order only of names sharing their first 63 characters. Undefined
 * for any other action.
 */
function printfParts(body: string): NamePart[] | undefined {
  const stages = splitTop(body.trim(), /\|/);
  if (stages.length === 0 || !stages.slice(1).every((st) => NAME_TIDY.test(st))) return undefined;
  const words = splitTop(stages[0], /\s/);
  if (words[0] !== 'printf' || words.length < 2 || !/^"(?:[^"\\%]|%s)*"$/.test(words[1])) return undefined;
  const segments = words[1].slice(1, -1).split('%s');
  const args = words.slice(2);
  if (args.length !== segments.length - 1) return undefined;
  const parts: NamePart[] = [];
  segments.forEach((lit, i) => {
    if (lit !== '') parts.push({ lit });
    if (i < args.length) {
      const a = args[i];
      parts.push({ dyn: placeholder(a.startsWith('(') && a.endsWith(')') ? a.slice(1, -1) : a) });
    }
  });
  return parts;
}

/** Template output as shown in a placeholder: `{{ body }}`, normalised. */
export function actionPlaceholder(tt: TemplateText, start: number, end: number): string {
  const a = tt.actionAt(start);
  if (a !== undefined && a.start === start && a.end === end) return placeholder(a.body);
  // A `{{ range }}` block or similar: its source, on one line.
  return tt.text.slice(start, end).replace(/\s+/g, ' ');
}

/** Name parts of one rendering; adjacent literals merged. */
function partsOf(tt: TemplateText, pieces: readonly Piece[]): NamePart[] {
  const parts: NamePart[] = [];
  const add = (part: NamePart): void => {
    const last = parts[parts.length - 1];
    if ('lit' in part && last !== undefined && 'lit' in last) last.lit += part.lit;
    else parts.push('lit' in part ? { lit: part.lit } : part);
  };
  for (const p of pieces) {
    if (p.kind === 'lit') {
      if (p.text !== '') add({ lit: p.text });
      continue;
    }
    const a = tt.actionAt(p.start);
    const printed = a !== undefined && a.start === p.start && a.end === p.end ? printfParts(a.body) : undefined;
    if (printed !== undefined) printed.forEach(add);
    else add({ dyn: actionPlaceholder(tt, p.start, p.end) });
  }
  return parts;
}

export function partsText(parts: readonly NamePart[]): string {
  return parts.map((p) => ('lit' in p ? p.lit : p.dyn)).join('');
}

/**
 * A value's parts as Helm would see them once rendered, with template output as placeholders. A value
 * whose `{{ if }}` branches render different texts is one opaque part: no rendering is known to be used.
 */
export function valueParts(tt: TemplateText, value: ScalarValue): NamePart[] {
  const renderings = value.expansions;
  if (renderings !== undefined && renderings.length === 1) return partsOf(tt, renderings[0]);
  if (renderings !== undefined && renderings.length > 1) {
    const texts = renderings.map((r) => partsOf(tt, r));
    const first = partsText(texts[0]);
    if (texts.every((t) => partsText(t) === first)) return texts[0];
  }
  let raw = tt.text.slice(value.start, value.end).replace(/\s+/g, ' ');
  if ((value.style === 'double' || value.style === 'single') && raw.length >= 2) raw = raw.slice(1, -1);
  return [{ dyn: raw }];
}

/** Go template values that render the same in every chart of a release. */
const RELEASE_WIDE = /^\{\{ \$?\.(Release\.(Name|Namespace|Service|Revision|IsInstall|IsUpgrade)|Capabilities\.[\w.]+) \}\}$/;

export type NameOrder = 'before' | 'after' | 'equal' | 'unknown';

/**
 * How two hook names compare in Helm's (bytewise) name order once rendered, as far as it can be known.
 * The same action in the same chart renders the same text; across charts (a parent and its subchart)
 * only release-wide values do. The order is known when the names differ in a literal character after a
 * common start, or when one is a literal-ended prefix of the other. Walks the parts in place (no token
 * arrays): a chart with many tied hooks compares many names on every edit.
 */
export function compareNames(a: readonly NamePart[], aChart: string, b: readonly NamePart[], bChart: string): NameOrder {
  let pa = 0;
  let pb = 0;
  let ca = 0;
  let cb = 0;
  for (;;) {
    // Step over finished literal parts.
    while (pa < a.length && 'lit' in a[pa] && ca >= (a[pa] as { lit: string }).lit.length) [pa, ca] = [pa + 1, 0];
    while (pb < b.length && 'lit' in b[pb] && cb >= (b[pb] as { lit: string }).lit.length) [pb, cb] = [pb + 1, 0];
    const x = a[pa];
    const y = b[pb];
    if (x === undefined && y === undefined) return 'equal';
    if (x === undefined) return 'lit' in y ? 'before' : 'unknown';
    if (y === undefined) return 'lit' in x ? 'after' : 'unknown';
    if ('dyn' in x || 'dyn' in y) {
      if ('dyn' in x && 'dyn' in y && x.dyn === y.dyn && (aChart === bChart || RELEASE_WIDE.test(x.dyn))) {
        [pa, pb, ca, cb] = [pa + 1, pb + 1, 0, 0];
        continue;
      }
      return 'unknown';
    }
    const u = x.lit.codePointAt(ca) as number;
    const v = y.lit.codePointAt(cb) as number;
    if (u !== v) return u < v ? 'before' : 'after';
    ca += u > 0xffff ? 2 : 1;
    cb += v > 0xffff ? 2 : 1;
  }
}

/** The chart part of a Helm template path: everything before `/templates/`. */
export function chartOfPath(path: string): string {
  const i = path.lastIndexOf('/templates/');
  return i === -1 ? path : path.slice(0, i);
}
