import { HOOK, HOOK_WEIGHT } from '../helm/annotations';
import { HookEvent, parseEvent } from '../helm/events';
import { executionOrder, OrderedHook } from '../helm/order';
import { effectiveWeight } from '../helm/weight';
import { literalRenderings } from '../rules/each';
import { AnnotationEntry, ObjectInfo, scanObjects } from '../scan/objects';
import { splitList, wholeText } from '../scan/value';
import { TemplateText } from '../template/templateText';
import { documentAt, DocumentSpan } from './documents';
import { ordinal } from './knowledge';

/** A hook of a chart, as Helm orders it, with where it is written. */
export interface ChartHook extends OrderedHook {
  /** Offset of the object's document in its template file: tells hooks of one file apart. */
  offset: number;
  /** False when a template builds the name, weight or events: the place shown is a best guess. */
  exact: boolean;
}

/**
 * The hooks of a chart's templates (a release: the chart and its subcharts), for execution order across
 * files. Entries whose `path` is the edited file's are ignored: its hooks are read from the text being
 * edited, which may be newer than the index.
 */
export interface ChartContext {
  /** Chart-relative path of the file being edited, as in `ChartHook.path`. */
  path: string;
  hooks: readonly ChartHook[];
}

/**
 * The hook one scanned object is, or undefined when it is no hook Helm runs: no `helm.sh/hook`, events a
 * template prints, or an unknown event (Helm then drops the whole resource).
 */
function hookOf(tt: TemplateText, obj: ObjectInfo, path: string, offset: number, index: number): ChartHook | undefined {
  const hookEntries = obj.annotations.filter((a) => a.key === HOOK);
  if (hookEntries.length === 0) return undefined;
  // In one YAML map the last key wins; a dict literal only counts when the map has none.
  const hook = hookEntries.filter((a) => a.source !== 'dict').at(-1) ?? hookEntries.at(-1)!;
  const events = eventsOf(hook);
  if (events === undefined) return undefined;
  const weightEntry = obj.annotations.filter((a) => a.key === HOOK_WEIGHT).at(-1);
  const weights = weightEntry === undefined ? ['0'] : weightTexts(tt, weightEntry);
  const nameText = obj.name?.expansions?.length === 1 ? wholeText(obj.name.expansions[0]) : undefined;
  const name = nameText?.trim() ?? (obj.name ? tt.text.slice(obj.name.start, obj.name.end).replace(/^["']|["']$/g, '') : '');
  return {
    name,
    kind: obj.kind ?? '',
    weight: effectiveWeight(weights[0]),
    path,
    index,
    events: events.list,
    offset,
    exact: events.exact && weights.length === 1 && nameText !== undefined,
  };
}

/** What Helm parses as the weight: the literal renderings; an unquoted number as written. */
export function weightTexts(tt: TemplateText, entry: AnnotationEntry): string[] {
  if (entry.value.type === 'int') return [tt.text.slice(entry.value.start, entry.value.end)];
  return literalRenderings(entry);
}

function eventsOf(entry: AnnotationEntry): { list: HookEvent[]; exact: boolean } | undefined {
  const renderings = entry.value.expansions ?? [];
  if (renderings.length === 0) return undefined;
  let list: HookEvent[] | undefined;
  for (const pieces of renderings) {
    const parsed = splitList(pieces, entry.value).map((e) => (e.text === undefined ? undefined : parseEvent(e.text)));
    if (parsed.some((e) => e === undefined)) return undefined;
    list ??= parsed as HookEvent[];
  }
  return list === undefined ? undefined : { list, exact: renderings.length === 1 };
}

/**
 * One document of a file, scanned for what hooks are made of (kind, name, annotations); offsets in `tt`
 * and `objects` are relative to `start`. `restartPolicy` may be missing: see scanDocument.
 */
export interface ScannedDocument {
  start: number;
  tt: TemplateText;
  objects: ObjectInfo[];
}

/** The end of the root `metadata:` block: the next line that starts at column 0 with a key. */
const METADATA = /^metadata:/m;
const ROOT_KEY = /\n(?=[A-Za-z_"'])/g;

/**
 * Scans one document. When `kind` comes before the end of the root `metadata:` block and nothing after it
 * mentions `helm.sh/` (no dict literal with hook keys), only that head is scanned: a CRD keeps thousands
 * of schema lines under `spec`, and hover runs on every mouse rest.
 */
export function scanDocument(text: string, span: DocumentSpan): ScannedDocument {
  const doc = text.slice(span.start, span.end);
  const metadata = METADATA.exec(doc);
  if (metadata !== null) {
    ROOT_KEY.lastIndex = metadata.index + metadata[0].length;
    const next = ROOT_KEY.exec(doc);
    if (next !== null && !doc.includes('helm.sh/', next.index)) {
      const tt = new TemplateText(doc.slice(0, next.index + 1));
      const objects = scanObjects(tt);
      if (objects.length === 1 && objects[0].kind !== undefined) return { start: span.start, tt, objects };
    }
  }
  const tt = new TemplateText(doc);
  return { start: span.start, tt, objects: scanObjects(tt) };
}

/**
 * Every hook Helm runs from one template file. Only documents that mention `helm.sh/hook` are scanned,
 * and `scanned` (a document the caller has scanned already) is not scanned again. A hook's `index` is its
 * document's offset, which orders documents as their position in the file does.
 */
export function hooksOfTemplate(text: string, path: string, scanned?: ScannedDocument): ChartHook[] {
  const hooks: ChartHook[] = [];
  for (let i = text.indexOf(HOOK); i !== -1; ) {
    const span = documentAt(text, i);
    if (span === undefined) {
      i = text.indexOf(HOOK, i + 1);
      continue;
    }
    const doc = scanned?.start === span.start ? scanned : scanDocument(text, span);
    for (const obj of doc.objects) {
      const h = hookOf(doc.tt, obj, path, span.start + obj.start, span.start);
      if (h !== undefined) hooks.push(h);
    }
    i = text.indexOf(HOOK, Math.max(span.end, i + 1));
  }
  return hooks;
}

/** "2nd of 3 in this file, after `db-init` (weight -10), before `notify` (weight 5)". */
export function placeInOrder(all: readonly ChartHook[], self: ChartHook, event: HookEvent, scope: string, currentPath: string): string {
  const order = executionOrder(all, event);
  const i = order.findIndex((h) => h.path === self.path && h.offset === self.offset);
  if (i === -1) return `not run on ${event}`;
  if (order.length === 1) return `the only hook ${scope}`;
  const show = (h: ChartHook): string => {
    const where = h.path !== currentPath ? `, ${h.path}` : '';
    return `\`${h.name || '(no name)'}\` (weight ${h.weight}${where})`;
  };
  const parts = [`${ordinal(i + 1)} of ${order.length} ${scope}`];
  if (i > 0) parts.push(`after ${show(order[i - 1])}`);
  if (i + 1 < order.length) parts.push(`before ${show(order[i + 1])}`);
  return parts.join(', ');
}
