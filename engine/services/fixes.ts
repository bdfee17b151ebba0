import { analyzeTemplate, AnalyzeOptions } from '../analyze';
import { HOOK, HOOK_DELETE_POLICY, HOOK_OUTPUT_LOG_POLICY, HOOK_WEIGHT, RESOURCE_POLICY } from '../helm/annotations';
import { HOOK_EVENTS, parseEvent } from '../helm/events';
import { isCleanPolicyList, keepsResource, normalisePolicy, readDeletePolicy, readDeletePolicyText, readOutputLogPolicyText } from '../helm/policies';
import { parseWeight } from '../helm/weight';
import { Finding } from '../rules/types';
import { AnnotationEntry } from '../scan/objects';
import { documentAt, lineStartOf } from '../template/documents';
import { TemplateText } from '../template/templateText';
import { goTrimSpace } from '../text/goStrings';
import { editDistance } from '../text/similarity';
import {
  applyEdits,
  diffEdit,
  listAt,
  LiteralList,
  literalList,
  otherEntries,
  removeSegment,
  replaceValue,
  TextEdit,
} from './edits';
import { atKey, atValue, Fix, fixAt, Site, siteOf } from './fixSite';
import { removeAnnotation as removal } from './removeAnnotation';

export type { Fix } from './fixSite';

/** The list entry a finding points at, within a value written without template actions. */
interface ListSite {
  entry: AnnotationEntry;
  list: LiteralList;
  index: number;
  others: string[];
}

function listSite(site: Site): ListSite | undefined {
  const entry = atValue(site);
  const at = entry && listAt(entry, site.start, site.end);
  return at === undefined ? undefined : { entry: entry as AnnotationEntry, ...at, others: otherEntries(at.list, at.index) };
}

function removeEntry(site: Site, title: string, fixAll = true): Fix[] {
  const ls = listSite(site);
  return ls === undefined ? [] : fixAt(site, title, removeSegment(ls.list, ls.index), true, fixAll);
}

/**
 * A misspelled entry: the nearest known value, unless that value is listed already (then the
 * misspelling goes, so the fix leaves no duplicate behind). With no near value, removing the entry (or
 * the whole annotation, for policies) is offered, but not preferred: what was meant is unknown.
 */
function correctEntry(site: Site, f: Finding, normalise: (s: string) => string | undefined, orRemove?: string): Fix[] {
  const suggestion = f.data?.replacement;
  const ls = listSite(site);
  const written = site.tt.text.slice(site.start, site.end);
  if (suggestion === undefined) {
    if (ls !== undefined && ls.list.segments.length > 1) return fixAt(site, `Remove "${written}"`, removeSegment(ls.list, ls.index), false, false);
    return orRemove === undefined ? [] : removeAnnotation(site, atValue(site), orRemove, false, false);
  }
  if (ls !== undefined && ls.others.some((o) => normalise(o) === suggestion)) {
    return fixAt(site, `Remove "${written}" (${suggestion} is already listed)`, removeSegment(ls.list, ls.index), true, true);
  }
  return fixAt(site, `Change to "${suggestion}"`, { start: site.start, end: site.end, newText: suggestion }, true, true);
}

/** Whether Helm reads the quoted text without any complaint (so quoting fixes everything). */
function cleanAsString(key: string, raw: string): boolean {
  const entries = raw.split(',').map((e) => goTrimSpace(e).toLowerCase());
  if (key === HOOK) return entries.every((e) => HOOK_EVENT_SET.has(e)) && new Set(entries).size === entries.length;
  if (key === HOOK_WEIGHT) return parseWeight(raw).ok;
  if (key === HOOK_DELETE_POLICY) return isCleanPolicyList(readDeletePolicyText(raw));
  if (key === HOOK_OUTPUT_LOG_POLICY) return isCleanPolicyList(readOutputLogPolicyText(raw));
  if (key === RESOURCE_POLICY) return keepsResource(raw);
  return true;
}

const HOOK_EVENT_SET: ReadonlySet<string> = new Set(HOOK_EVENTS);

/** `[pre-install, pre-upgrade]` as Helm wants it: one comma-separated string. */
function flowSequenceAsString(source: string): string | undefined {
  const inner = /^\[(.*)\]$/s.exec(source.trim())?.[1];
  if (inner === undefined || /[[\]{}]/.test(inner)) return undefined;
  const items = inner.split(',').map((s) => s.trim().replace(/^(["'])(.*)\1$/s, '$2'));
  if (items.some((s) => s === '' || /["'\\]/.test(s))) return undefined;
  return items.join(',');
}

function quoteValue(site: Site): Fix[] {
  const entry = atValue(site);
  if (entry === undefined || entry.source === 'dict') return [];
  const key = entry.key as string;
  const source = site.tt.text.slice(entry.value.start, entry.value.end);
  if (entry.value.type === 'sequence') {
    const joined = flowSequenceAsString(source);
    if (joined === undefined) return [];
    const clean = cleanAsString(key, joined);
    return fixAt(site, `Write the list as one string: "${joined}"`, { start: entry.value.start, end: entry.value.end, newText: JSON.stringify(joined) }, clean, clean);
  }
  if (entry.value.type === 'mapping' || source.includes('\n')) return [];
  const clean = cleanAsString(key, source);
  return fixAt(site, `Quote the value: "${source}"`, { start: entry.value.start, end: entry.value.end, newText: JSON.stringify(source) }, clean, clean);
}

function removeAnnotation(site: Site, entry: AnnotationEntry | undefined, title: string, preferred: boolean, fixAll: boolean): Fix[] {
  return entry === undefined ? [] : fixAt(site, title, removal(site.tt, entry), preferred, fixAll);
}

/** A delete-policy list with before-hook-creation added in front; the policies already there stay. */
function addBeforeHookCreation(site: Site): Fix[] {
  const entry = atValue(site);
  const list = entry && literalList(entry.value);
  if (list === undefined) return [];
  const empty = list.text.trim() === '';
  const edit = empty
    ? { start: list.offsets[0], end: list.offsets[list.text.length], newText: 'before-hook-creation' }
    : { start: list.offsets[0], end: list.offsets[0], newText: 'before-hook-creation,' };
  return fixAt(site, 'Add before-hook-creation', edit, true, true);
}

/** hook-failed out, and before-hook-creation in unless listed: failed hooks then stay until the next run. */
function keepFailedHooks(site: Site): Fix[] {
  const ls = listSite(site);
  if (ls === undefined) return [];
  const hasBhc = readDeletePolicy(ls.others).applies.has('before-hook-creation');
  const edit = hasBhc ? removeSegment(ls.list, ls.index) : { start: site.start, end: site.end, newText: 'before-hook-creation' };
  return fixAt(site, hasBhc ? 'Remove hook-failed (keep failed hooks for their logs)' : 'Replace hook-failed with before-hook-creation (keep failed hooks for their logs)', edit, true, false);
}

function misspelledKey(site: Site, f: Finding): Fix[] {
  const entry = atKey(site);
  if (entry === undefined) return [];
  const meant = f.data?.replacement?.replace(/^["'`]|["'`]$/g, '');
  if (meant === undefined) return removeAnnotation(site, entry, `Remove ${entry.key} (Helm ignores it)`, true, true);
  const q = site.tt.text[entry.keyStart];
  const quoted = (q === '"' || q === "'" || q === '`') && entry.keyEnd - entry.keyStart >= 2;
  const edit = quoted ? { start: entry.keyStart + 1, end: entry.keyEnd - 1, newText: meant } : { start: entry.keyStart, end: entry.keyEnd, newText: meant };
  const taken = site.obj.annotations.some((a) => a !== entry && a.key === meant && a.source === entry.source);
  return fixAt(site, `Change to ${meant}`, edit, !taken, !taken);
}

function resourcePolicy(site: Site): Fix[] {
  const entry = atValue(site);
  if (entry === undefined) return [];
  const raw = goTrimSpace(site.tt.text.slice(entry.value.start, entry.value.end).replace(/^["'`]|["'`]$/g, '')).toLowerCase();
  // `retain`, `Kept`, `keeep` meant keep; anything else (`delete`...) may mean the opposite.
  const meantKeep = /^(retain|preserve|persist|protect|kept)/.test(raw) || editDistance(raw, 'keep') <= 2;
  return [
    ...fixAt(site, 'Change to keep', replaceValue(site.tt.text, entry.value, 'keep', false), meantKeep, false),
    ...removeAnnotation(site, entry, `Remove ${RESOURCE_POLICY} (helm uninstall then deletes the resource)`, false, false),
  ];
}

/** The quick fixes for one finding, in the order an editor should list them. */
export function fixesFor(text: string, f: Finding): Fix[] {
  const site = siteOf(text, f);
  if (site === undefined) return [];
  switch (f.code) {
    case 'unknown-hook-event':
      return correctEntry(site, f, (s) => parseEvent(s));
    case 'unknown-delete-policy':
      return correctEntry(site, f, normalisePolicy, `Remove ${HOOK_DELETE_POLICY} (Helm then uses before-hook-creation)`);
    case 'unknown-output-log-policy':
      return correctEntry(site, f, normalisePolicy, `Remove ${HOOK_OUTPUT_LOG_POLICY}`);
    case 'legacy-test-success': {
      const ls = listSite(site);
      if (ls?.others.some((o) => parseEvent(o) === 'test')) return removeEntry(site, 'Remove test-success (test is already listed)');
      return fixAt(site, 'Change to "test"', { start: site.start, end: site.end, newText: 'test' }, true, true);
    }
    case 'duplicate-hook-event':
      return removeEntry(site, 'Remove the repeated event');
    case 'duplicate-delete-policy':
      return removeEntry(site, 'Remove the repeated policy');
    case 'empty-hook-event':
      return removeEntry(site, 'Remove the stray comma');
    case 'hook-weight-not-integer': {
      const entry = atValue(site);
      const trimmed = f.data?.replacement?.replace(/^"|"$/g, '');
      if (entry === undefined || trimmed === undefined) return [];
      return fixAt(site, `Use "${trimmed}"`, replaceValue(site.tt.text, entry.value, trimmed, true), true, true);
    }
    case 'non-string-annotation':
      return quoteValue(site);
    case 'hook-name-reused':
      return addBeforeHookCreation(site);
    case 'hook-failed-deletes-logs':
      return keepFailedHooks(site);
    case 'resource-policy-not-keep':
      return resourcePolicy(site);
    case 'hook-restart-policy-always': {
      const rp = site.obj.restartPolicy;
      return rp === undefined ? [] : fixAt(site, 'Use restartPolicy Never', replaceValue(site.tt.text, rp, 'Never', false), true, true);
    }
    case 'unknown-helm-annotation':
      return misspelledKey(site, f);
    case 'hook-annotation-without-hook':
      return removeAnnotation(site, atKey(site), `Remove ${text.slice(f.start, f.end)} (it does nothing here)`, false, false);
    case 'output-log-policy-kind':
      return removeAnnotation(site, atKey(site), `Remove ${text.slice(f.start, f.end)} (ignored on this kind)`, true, false);
    case 'duplicate-annotation':
      return removeAnnotation(site, atKey(site), 'Remove this annotation (a later one overrides it)', true, true);
    case 'empty-delete-policy': {
      const entry = atValue(site);
      if (entry === undefined || entry.value.dynamic) return [];
      return removeAnnotation(site, entry, 'Remove the empty policy (Helm then uses before-hook-creation)', true, false);
    }
    default:
      return [];
  }
}

const DISABLE_NEXT_LINE = /^[ \t]*#\s*helm-hooks-disable-next-line\b(.*)$/;

/**
 * "Disable <code> for this line": a `# helm-hooks-disable-next-line <code>` comment above the finding's
 * line, indented like it, or the code added to such a comment already there. Undefined when the line
 * starts inside a template action, where a comment line would break the template.
 */
export function disableLineFix(text: string, f: Finding): Fix | undefined {
  const lineStart = lineStartOf(text, f.start);
  const span = documentAt(text, lineStart);
  if (span !== undefined) {
    const tt = new TemplateText(text.slice(span.start, span.end));
    const a = tt.actionAt(lineStart - span.start);
    if (a !== undefined && a.start < lineStart - span.start) return undefined;
  }
  const title = `Disable ${f.code} for this line`;
  if (lineStart > 0) {
    const prevStart = lineStartOf(text, lineStart - 1);
    const prev = text.slice(prevStart, lineStart - 1).replace(/[ \t]*\r?$/, '');
    const codes = DISABLE_NEXT_LINE.exec(prev)?.[1];
    // A comment without codes disables everything already; one with codes gets this code added.
    if (codes !== undefined && codes.trim() !== '') {
      const at = prevStart + prev.length;
      return { title, edits: [{ start: at, end: at, newText: `, ${f.code}` }], preferred: false, fixAll: false };
    }
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart, f.start))?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { title, edits: [{ start: lineStart, end: lineStart, newText: `${indent}# helm-hooks-disable-next-line ${f.code}${eol}` }], preferred: false, fixAll: false };
}

export interface FixAllResult {
  text: string;
  /** One edit from the original text to the fixed one; empty when nothing was fixed. */
  edits: TextEdit[];
}

const MAX_PASSES = 10;

/**
 * Applies every safe fix (`fixAll`) that does not overlap another, then checks again, until nothing is
 * left to fix: a fix skipped for overlapping gets its turn in the next pass.
 */
export function fixAll(text: string, options: AnalyzeOptions = {}): FixAllResult {
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const chosen: TextEdit[] = [];
    for (const f of analyzeTemplate(current, options).findings) {
      const first = fixesFor(current, f).find((x) => x.fixAll);
      if (first === undefined) continue;
      if (first.edits.some((e) => chosen.some((c) => e.start <= c.end && c.start <= e.end))) continue;
      chosen.push(...first.edits);
    }
    if (chosen.length === 0) break;
    current = applyEdits(current, chosen);
  }
  const edit = diffEdit(text, current);
  return { text: current, edits: edit ? [edit] : [] };
}
