import { tokenize } from '../scan/dictAnnotations';
import { AnnotationEntry } from '../scan/objects';
import { lineStartOf } from '../template/documents';
import { TemplateText } from '../template/templateText';
import { TextEdit } from './edits';

/**
 * The edit that takes one annotation out, however it is written; undefined where that cannot be done
 * without breaking the YAML or the template. Offsets are those of `tt`.
 */
export function removeAnnotation(tt: TemplateText, entry: AnnotationEntry): TextEdit | undefined {
  switch (entry.source) {
    case 'block':
      return removeLines(tt.text, entry);
    case 'flow':
      return removeFlowEntry(tt.text, entry);
    default:
      return removeDictPair(tt, entry);
  }
}

/** A block-map entry: its whole lines, when nothing but a comment shares them. */
function removeLines(source: string, entry: AnnotationEntry): TextEdit | undefined {
  const lineStart = lineStartOf(source, entry.keyStart);
  if (source.slice(lineStart, entry.keyStart).trim() !== '') return undefined;
  const nl = source.indexOf('\n', Math.max(entry.value.end, entry.keyEnd));
  const lineEnd = nl === -1 ? source.length : nl + 1;
  const rest = source.slice(Math.max(entry.value.end, entry.keyEnd), lineEnd).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  return { start: lineStart, end: lineEnd, newText: '' };
}

const SPACE = /[ \t\r\n]/;

/**
 * A flow-map entry (`{"helm.sh/hook": pre-install, "helm.sh/hook-weight": "1"}`) with the comma that
 * separates it from a neighbour: the one after it, or for the last entry the one before. The only entry
 * leaves `{}`.
 */
function removeFlowEntry(source: string, entry: AnnotationEntry): TextEdit | undefined {
  const from = entry.keyStart;
  const to = Math.max(entry.keyEnd, entry.value.end);
  let after = to;
  while (after < source.length && SPACE.test(source[after])) after++;
  let before = from;
  while (before > 0 && SPACE.test(source[before - 1])) before--;
  if (source[after] === ',') {
    // Up to the next entry, so the spacing before it stays as the removed entry's was.
    let next = after + 1;
    while (next < source.length && SPACE.test(source[next])) next++;
    return { start: from, end: next, newText: '' };
  }
  if (source[after] !== '}') return undefined;
  if (source[before - 1] === ',') return { start: before - 1, end: to, newText: '' };
  if (source[before - 1] === '{') return { start: before, end: after, newText: '' };
  return undefined;
}

/**
 * A key-value pair of a `dict` literal (`dict "helm.sh/hook" "pre-install" ...`), with the space before
 * the next argument (or, for the last pair, after the previous one): `(dict "helm.sh/hook" "x")` becomes
 * `(dict)`, an empty dict. Only pairs whose arguments before them are string pairs back to `dict`: the
 * same strings given to `set`, `hasKey` or `index` mean something else.
 */
function removeDictPair(tt: TemplateText, entry: AnnotationEntry): TextEdit | undefined {
  const action = tt.actionAt(entry.keyStart);
  if (action === undefined || entry.value.dynamic) return undefined;
  const tokens = tokenize(tt.text, action.bodyStart, action.bodyStart + action.body.length);
  const k = tokens.findIndex((t) => t.start === entry.keyStart);
  const value = tokens[k + 1];
  if (k === -1 || value === undefined || value.kind !== 'string' || value.end !== entry.value.end) return undefined;
  let j = k;
  while (j >= 2 && tokens[j - 1].kind === 'string' && tokens[j - 2].kind === 'string') j -= 2;
  if (tokens[j - 1]?.kind !== 'other' || tokens[j - 1].text !== 'dict') return undefined;
  const next = tokens[k + 2];
  if (next !== undefined && next.kind === 'string') return { start: entry.keyStart, end: next.start, newText: '' };
  return { start: tokens[k - 1].end, end: value.end, newText: '' };
}
