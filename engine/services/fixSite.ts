import { Finding } from '../rules/types';
import { AnnotationEntry, ObjectInfo, scanObjects } from '../scan/objects';
import { documentAt } from '../template/documents';
import { TemplateText } from '../template/templateText';
import { TextEdit } from './edits';

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one obvious fix for its finding. */
  preferred: boolean;
  /** Safe to apply unseen: it only corrects what Helm misreads, so "fix all" applies it. */
  fixAll: boolean;
}

/** The scanned document a finding sits in; offsets of `tt` and `obj` are relative to `base`. */
export interface Site {
  tt: TemplateText;
  obj: ObjectInfo;
  base: number;
  start: number;
  end: number;
}

export function siteOf(text: string, f: Pick<Finding, 'start' | 'end'>): Site | undefined {
  const span = documentAt(text, f.start);
  if (span === undefined) return undefined;
  const tt = new TemplateText(text.slice(span.start, span.end));
  const start = f.start - span.start;
  const end = f.end - span.start;
  const obj = scanObjects(tt).find((o) => o.start <= start && start <= o.end);
  return obj === undefined ? undefined : { tt, obj, base: span.start, start, end };
}

export function atKey(site: Site): AnnotationEntry | undefined {
  return site.obj.annotations.find((a) => a.keyStart === site.start && a.keyEnd === site.end);
}

export function atValue(site: Site): AnnotationEntry | undefined {
  return site.obj.annotations.find((a) => a.value.start <= site.start && site.end <= a.value.end && a.key !== undefined);
}

/**
 * A fix's edit must not cut into a template action, nor drop part of an `{{ if }}`...`{{ end }}`: it would
 * break the template. Whole actions that only print may go (with the annotation line they are on).
 * Inside a `dict` literal, an edit may change one string, or take out one key-value pair (removeAnnotation
 * makes sure the pair is an argument pair of `dict`).
 */
function touchesAction(site: Site, e: TextEdit): boolean {
  const s = e.start - site.base;
  const t = e.end - site.base;
  const { text } = site.tt;
  const inString = (from: number, to: number): boolean => from < s && t < to;
  const wholePair = (a: AnnotationEntry): boolean =>
    !a.value.dynamic && s <= a.keyStart && a.value.end <= t && e.newText === '' && text.slice(s, a.keyStart).trim() === '' && text.slice(a.value.end, t).trim() === '';
  const dict = site.obj.annotations.filter((a) => a.source === 'dict');
  if (dict.some((a) => inString(a.value.start, a.value.end) || inString(a.keyStart, a.keyEnd) || wholePair(a))) return false;
  return site.tt.actions.some((a) => a.start < t && s < a.end && !(a.start >= s && a.end <= t && (a.kind === 'output' || a.kind === 'comment')));
}

/** The fix, with `edit` (relative to the site's document) placed in the file; none when it would break the template. */
export function fixAt(site: Site, title: string, edit: TextEdit | undefined, preferred: boolean, fixAll: boolean): Fix[] {
  if (edit === undefined) return [];
  const placed = { start: edit.start + site.base, end: edit.end + site.base, newText: edit.newText };
  return touchesAction(site, placed) ? [] : [{ title, edits: [placed], preferred, fixAll }];
}
