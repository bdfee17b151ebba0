import { HOOK, HOOK_DELETE_POLICY, HOOK_WEIGHT } from '../helm/annotations';
import { HookEvent, parseEvent } from '../helm/events';
import { normalisePolicy } from '../helm/policies';
import { parseWeight } from '../helm/weight';
import { AnnotationEntry, ObjectInfo, scanObjects } from '../scan/objects';
import { splitList } from '../scan/listEntries';
import { wholeText } from '../scan/pieces';
import { DYNAMIC_CHAR } from '../template/actions';
import { countNewlines, documentsWith, TemplateDocument } from '../template/documents';
import { TemplateText } from '../template/templateText';
import { indexOfSlashed } from '../text/search';
import { partsText, valueParts } from './hookName';
import { HookRecord, Placement, WeightSource } from './hookRecord';

/**
 * The hook objects of one template file, as Helm will record them. `path` is the chart-relative path Helm
 * stores (`<chart>/templates/...`); it decides the order of files. Never throws.
 *
 * Helm skips partials (`_*` files) when it sorts manifests, so they hold no hooks.
 */
export function hooksOf(path: string, text: string): HookRecord[] {
  return new HookScanner().scan(path, text);
}

/**
 * hooksOf for a file that is edited again and again: each document's hooks are kept, so a scan after an
 * edit reads only the documents whose text changed (typing in a 10,000-line template of hook Jobs
 * re-reads one Job, not all of them).
 */
export class HookScanner {
  private path = '';
  /**
   * The last scan's documents with hooks, by position: their hooks relative to the document, and as
   * placed in the file (kept as the same objects while the document stays where it was, so the plan can
   * tell which hooks changed).
   */
  private previous: (KeptDocument | undefined)[] = [];

  /**
   * `lineOf`: the zero-based line of an offset, when the caller has it at hand (see documentsWith).
   * `scanned`: a document the caller has scanned with scanForHooks already (hover's), not scanned again.
   */
  scan(path: string, text: string, lineOf?: (offset: number) => number, scanned?: { start: number; doc: ScannedDocument }): HookRecord[] {
    const steps = this.steps(path, text, lineOf, scanned);
    for (let s = steps.next(); ; s = steps.next()) if (s.done === true) return s.value;
  }

  /**
   * scan, one step per document read afresh: a caller can stop between steps to let other work run (a
   * first read of a template of hundreds of hook Jobs). The scanner's state changes only at the end.
   */
  *steps(path: string, text: string, lineOf?: (offset: number) => number, scanned?: { start: number; doc: ScannedDocument }): Generator<void, HookRecord[]> {
    const base = path.slice(path.lastIndexOf('/') + 1);
    const previous = path !== this.path || base.startsWith('_') ? [] : this.previous;
    if (base.startsWith('_')) {
      this.path = path;
      this.previous = [];
      return [];
    }
    // Documents that moved (a document inserted above them), found by length before comparing text:
    // hashing every document's text for a map would cost as much as comparing it.
    let byLength: Map<number, KeptDocument[]> | undefined;
    const moved = (doc: string): HookRecord[] | undefined => {
      if (byLength === undefined) {
        byLength = new Map();
        for (const p of previous) if (p !== undefined) byLength.set(p.text.length, [...(byLength.get(p.text.length) ?? []), p]);
      }
      return byLength.get(doc.length)?.find((p) => p.text === doc)?.hooks;
    };
    const current: (KeptDocument | undefined)[] = [];
    const hooks: HookRecord[] = [];
    for (const doc of documentsWith(text, HOOK, lineOf)) {
      // Most edits leave every other document in place: compare with the one that was there.
      const before = previous[doc.ordinal];
      const same = before !== undefined && before.text === doc.text;
      let relative = same ? before.hooks : moved(doc.text);
      if (relative === undefined) {
        relative = recordsOf(path, scanned?.start === doc.start ? scanned.doc : scanForHooks(doc.text));
        yield;
      }
      const stayed = same && before.start === doc.start && before.line === doc.line;
      const inFile = stayed ? before.placed : relative.map((h) => placed(h, doc));
      current[doc.ordinal] = { text: doc.text, start: doc.start, line: doc.line, hooks: relative, placed: inFile };
      hooks.push(...inFile);
    }
    this.path = path;
    this.previous = current;
    return hooks;
  }
}

/** A document's hooks as the last scan left them. */
interface KeptDocument {
  text: string;
  start: number;
  line: number;
  /** Offsets and lines relative to the document. */
  hooks: HookRecord[];
  /** The same hooks placed at `start` and `line`. */
  placed: HookRecord[];
}

/** One document of a template, scanned for what hooks are made of (kind, name, annotations). */
export interface ScannedDocument {
  tt: TemplateText;
  objects: ObjectInfo[];
}

/** The end of the root `metadata:` block: the next line that starts at column 0 with a key. */
const METADATA = /^metadata:/m;
const ROOT_KEY = /\n(?=[A-Za-z_"'])/g;

/**
 * Scans one document (offsets relative to it). When `kind` comes before the end of the root `metadata:`
 * block and nothing after it mentions `helm.sh/` (no dict literal with hook keys), only that head is
 * scanned: a CRD keeps thousands of schema lines under `spec`, and hooks need none of them. The object
 * still ends where the document does. `restartPolicy` is then missing: hook records do not read it.
 */
export function scanForHooks(doc: string): ScannedDocument {
  const metadata = METADATA.exec(doc);
  if (metadata !== null) {
    ROOT_KEY.lastIndex = metadata.index + metadata[0].length;
    const next = ROOT_KEY.exec(doc);
    if (next !== null && indexOfSlashed(doc, 'helm.sh/', next.index) === -1) {
      const tt = new TemplateText(doc.slice(0, next.index + 1));
      const objects = scanObjects(tt);
      if (objects.length === 1 && objects[0].kind !== undefined) return { tt, objects: [{ ...objects[0], end: doc.length }] };
    }
  }
  const tt = new TemplateText(doc);
  return { tt, objects: scanObjects(tt) };
}

/** The hook records of a scanned document, relative to it. */
function recordsOf(path: string, { tt, objects }: ScannedDocument): HookRecord[] {
  const hooks: HookRecord[] = [];
  objects.forEach((obj, index) => {
    const hook = last(obj, HOOK);
    if (hook !== undefined) hooks.push(record(tt, obj, hook, path, index));
  });
  return hooks;
}

/** A document's hook placed in its file. */
function placed(h: HookRecord, doc: TemplateDocument): HookRecord {
  const at = (r: [number, number]): [number, number] => [r[0] + doc.start, r[1] + doc.start];
  const o = h.offsets;
  return {
    ...h,
    index: doc.ordinal + h.index,
    offsets: {
      objectStart: o.objectStart + doc.start,
      objectEnd: o.objectEnd + doc.start,
      anchor: o.anchor + doc.start,
      anchorLine: o.anchorLine + doc.line,
      hookKey: at(o.hookKey),
      hookValue: at(o.hookValue),
      weightValue: o.weightValue && at(o.weightValue),
      name: o.name && at(o.name),
    },
  };
}

/**
 * The entry Helm reads for `key`: YAML keeps the last of repeated keys. A `dict` literal counts only when
 * the map has no such key written out: where a template prints the dict's entries is unknown.
 */
function last(obj: ObjectInfo, key: string): AnnotationEntry | undefined {
  const entries = obj.annotations.filter((a) => a.key === key);
  const written = entries.filter((a) => a.source !== 'dict');
  let found: AnnotationEntry | undefined;
  for (const a of written.length > 0 ? written : entries) if (found === undefined || a.keyStart > found.keyStart) found = a;
  return found;
}

function record(tt: TemplateText, obj: ObjectInfo, hook: AnnotationEntry, path: string, index: number): HookRecord {
  const anchor = anchorOf(tt, obj);
  const nameParts = obj.name === undefined ? [] : valueParts(tt, obj.name);
  const events = readEvents(hook);
  const weight = readWeight(tt, last(obj, HOOK_WEIGHT));
  const policyEntry = last(obj, HOOK_DELETE_POLICY);
  const policies = policyEntry === undefined ? undefined : readPolicies(policyEntry);
  return {
    name: partsText(nameParts),
    nameParts,
    nameLiteral: nameParts.every((p) => 'lit' in p),
    kind: obj.kind ?? '',
    weight: weight.weight,
    weightSource: weight.source,
    weightText: weight.text,
    events: events.events,
    conditional: events.conditional,
    placement: events.placement,
    eventsText: partsText(valueParts(tt, hook.value)),
    deletePolicies: policies === undefined || policies === 'template' ? undefined : policies,
    deletePoliciesText: policies === 'template' && policyEntry !== undefined ? partsText(valueParts(tt, policyEntry.value)) : undefined,
    path,
    index,
    offsets: {
      objectStart: obj.start,
      objectEnd: obj.end,
      anchor,
      // The anchor is near the document's start: counting lines up to it is cheaper than indexing them all.
      anchorLine: countNewlines(tt.text, 0, anchor),
      hookKey: [hook.keyStart, hook.keyEnd],
      hookValue: [hook.value.start, hook.value.end],
      weightValue: weight.range,
      name: obj.name === undefined ? undefined : [obj.name.start, obj.name.end],
    },
  };
}

/** Events over every `{{ if }}` rendering: any rendering with an unknown or empty event is dropped by Helm. */
function readEvents(hook: AnnotationEntry): { events: HookEvent[]; placement: Placement; conditional: boolean } {
  const v = hook.value;
  if (v.expansions === undefined || v.type === 'sequence' || v.type === 'mapping') return { events: [], placement: 'template', conditional: false };
  let placed: HookEvent[] | undefined;
  let others = false;
  let template = false;
  for (const pieces of v.expansions) {
    const entries = splitList(pieces, v);
    if (entries.some((e) => e.text === undefined)) {
      template = true;
      continue;
    }
    const events = entries.map((e) => parseEvent(e.text as string));
    if (events.some((e) => e === undefined)) {
      others = true;
      continue;
    }
    if (placed === undefined) placed = events as HookEvent[];
    else {
      // Another rendering: the hook may run on its events too.
      if (placed.join() !== events.join()) others = true;
      for (const e of events as HookEvent[]) if (!placed.includes(e)) placed.push(e);
    }
  }
  if (placed !== undefined) return { events: placed, placement: 'placed', conditional: others || template };
  return { events: [], placement: template ? 'template' : 'dropped', conditional: false };
}

function readWeight(tt: TemplateText, entry: AnnotationEntry | undefined): { weight: number; source: WeightSource; text: string | undefined; range: [number, number] | undefined } {
  if (entry === undefined) return { weight: 0, source: 'default', text: undefined, range: undefined };
  const v = entry.value;
  const range: [number, number] = [v.start, v.end];
  const shown = partsText(valueParts(tt, v));
  const raws = v.expansions?.map(wholeText);
  if (raws === undefined || raws.some((r) => r === undefined)) return { weight: 0, source: 'template', text: shown, range };
  const weights = new Set<number>();
  let invalid = false;
  for (const raw of raws as string[]) {
    const r = parseWeight(raw);
    weights.add(r.ok ? r.weight : 0);
    if (!r.ok) invalid = true;
  }
  // `{{ if }}` branches with different weights: which one applies is known only when rendered.
  if (weights.size !== 1) return { weight: 0, source: 'template', text: shown, range };
  return { weight: [...weights][0], source: invalid ? 'invalid' : 'literal', text: shown, range };
}

/** Helm's list: split on commas, each entry trimmed and lowercased, never validated. */
function readPolicies(entry: AnnotationEntry): string[] | 'template' {
  const v = entry.value;
  if (v.expansions === undefined || v.expansions.length !== 1) return 'template';
  const entries = splitList(v.expansions[0], v);
  if (entries.some((e) => e.text === undefined)) return 'template';
  return entries.map((e) => normalisePolicy(e.text as string));
}

/** Start of the object's first YAML line: leading comments, blank lines and template-only lines are skipped. */
export function anchorOf(tt: TemplateText, obj: ObjectInfo): number {
  const { masked } = tt;
  let ls = obj.start;
  while (ls < obj.end) {
    let le = masked.indexOf('\n', ls);
    if (le === -1 || le > obj.end) le = obj.end;
    const line = masked.slice(ls, le).trim();
    if (line !== '' && line[0] !== '#' && line[0] !== DYNAMIC_CHAR && !line.startsWith('---')) return ls;
    ls = le + 1;
  }
  return obj.kindRange !== undefined ? tt.text.lastIndexOf('\n', obj.kindRange[0]) + 1 : obj.start;
}
