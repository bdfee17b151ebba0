import { HookRecord, isExact } from '../chart/hookRecord';
import { HookScanner, ScannedDocument, scanForHooks } from '../chart/hooks';
import { ordinal } from '../chart/lens';
import { HOOK, HOOK_DELETE_POLICY, HOOK_OUTPUT_LOG_POLICY, HOOK_WEIGHT, isOtherToolKey, OBSOLETE_ANNOTATIONS, RESOURCE_POLICY } from '../helm/annotations';
import { HOOK_EVENTS, HookEvent, LEGACY_TEST_SUCCESS, parseEvent, REMOVED_EVENTS } from '../helm/events';
import { executionOrder } from '../helm/order';
import {
  DEFAULT_DELETE_POLICY,
  DELETE_POLICIES,
  DeletePolicy,
  KINDS_WITH_PODS,
  keepsResource,
  OUTPUT_LOG_POLICIES,
  readDeletePolicyEntry,
  readDeletePolicyText,
  readOutputLogPolicyEntry,
  readOutputLogPolicyText,
} from '../helm/policies';
import { parseWeight } from '../helm/weight';
import { misspelling } from '../rules/annotationKeys';
import { literalRenderings } from '../rules/each';
import { AnnotationEntry, ObjectInfo } from '../scan/objects';
import { ListEntry, splitList } from '../scan/listEntries';
import { documentAt } from '../template/documents';
import { TemplateText } from '../template/templateText';
import { goTrimSpace } from '../text/goStrings';
import { indexOfSlashed } from '../text/search';
import { nearest } from '../text/similarity';
import { DELETE_POLICY_DOCS, EVENT_DOCS, KEY_DOCS, OUTPUT_LOG_POLICY_DOCS, waitDoc } from './knowledge';
import { LIST_KEYS } from './valueEntry';

/** See describe(): records made for a hover keep line 0 for every document. */
const NO_LINES = (): number => 0;

export interface HoverResult {
  /** Markdown. */
  markdown: string;
  start: number;
  end: number;
}

/**
 * The hooks of a chart's templates (a release: the chart and its subcharts), for execution order across
 * files. Hooks whose `path` is the hovered file's are ignored: its hooks are read from the text being
 * edited, which may be newer.
 */
export interface ChartContext {
  /** Chart-relative path of the hovered file, as in `HookRecord.path`. */
  path: string;
  hooks: readonly HookRecord[];
}

/** What the object under the hover is, for the "here" part of each text. */
interface Here {
  tt: TemplateText;
  obj: ObjectInfo;
  isHook: boolean;
  /** The hooks in execution order, computed on demand (only `helm.sh/hook` needs them). */
  order: () => { all: HookRecord[]; self: HookRecord | undefined; scope: string; path: string };
}

/**
 * A hover for a `helm.sh/` annotation key or value at `offset`: what it means, and what Helm will do with
 * it on this object. With `chart`, hooks of the chart's other templates take part in the execution order;
 * without it, the order covers this file ("in this file").
 */
export function hoverAt(text: string, offset: number, chart?: ChartContext): HoverResult | undefined {
  const span = documentAt(text, offset);
  if (span === undefined) return undefined;
  const doc = text.slice(span.start, span.end);
  // Most documents name no Helm key at all: no scan for them. A misspelled key still says "helm".
  if (indexOfSlashed(doc, 'helm.sh/') === -1 && !/helm/i.test(doc)) return undefined;
  const scanned = scanForHooks(doc);
  const o = offset - span.start;
  for (const obj of scanned.objects) {
    for (const entry of obj.annotations) {
      if (entry.key === undefined || !hovered(entry.key)) continue;
      const onKey = entry.keyStart <= o && o < entry.keyEnd;
      const onValue = entry.value.start <= o && (o < entry.value.end || (o === entry.value.start && entry.value.end === entry.value.start));
      if (!onKey && !onValue) continue;
      const here = describe(text, span.start, scanned, obj, chart);
      const result = onKey ? keyHover(entry, here) : valueHover(entry, here, o);
      return { ...result, start: result.start + span.start, end: result.end + span.start };
    }
  }
  return undefined;
}

/** Keys with a hover: Helm's (helm.sh/ and its ownership keys under meta.helm.sh/), and keys that meant one. */
function hovered(key: string): boolean {
  return key.startsWith('helm.sh/') || key.startsWith('meta.helm.sh/') || misspelling(key) !== undefined;
}

/** `scanned`: the hovered document, starting at `docStart` in the file. */
function describe(text: string, docStart: number, scanned: ScannedDocument, obj: ObjectInfo, chart: ChartContext | undefined): Here {
  let cached: ReturnType<Here['order']> | undefined;
  return {
    tt: scanned.tt,
    obj,
    isHook: obj.annotations.some((a) => a.key === HOOK),
    order: () => {
      if (cached !== undefined) return cached;
      const path = chart?.path ?? '';
      // Hovers show no line numbers: the lines up to each hook are not counted.
      const own = new HookScanner().scan(path, text, NO_LINES, { start: docStart, doc: scanned });
      const all = chart ? [...chart.hooks.filter((h) => h.path !== chart.path), ...own] : own;
      const self = own.find((h) => h.offsets.objectStart === docStart + obj.start);
      cached = { all, self, scope: chart ? 'in this chart' : 'in this file', path };
      return cached;
    },
  };
}

/** "2nd of 3 in this file, after `db-init` (weight -10), before `notify` (weight 5)". */
function placeInOrder(all: readonly HookRecord[], self: HookRecord, event: HookEvent, scope: string, currentPath: string): string {
  const order = executionOrder(all, event);
  const i = order.indexOf(self);
  if (i === -1) return `not run on ${event}`;
  if (order.length === 1) return `the only hook ${scope}`;
  const show = (h: HookRecord): string => {
    const where = h.path !== currentPath ? `, ${h.path}` : '';
    return `\`${h.name || '(no name)'}\` (weight ${h.weight}${where})`;
  };
  const parts = [`${ordinal(i + 1)} of ${order.length} ${scope}`];
  if (i > 0) parts.push(`after ${show(order[i - 1])}`);
  if (i + 1 < order.length) parts.push(`before ${show(order[i + 1])}`);
  return parts.join(', ');
}

/** What Helm parses as the weight: the literal renderings; an unquoted number as written. */
function weightTexts(tt: TemplateText, entry: AnnotationEntry): string[] {
  if (entry.value.type === 'int') return [tt.text.slice(entry.value.start, entry.value.end)];
  return literalRenderings(entry);
}

function heading(key: string): string {
  return `**${key}**`;
}

function keyHover(entry: AnnotationEntry, here: Here): HoverResult {
  const key = entry.key as string;
  const known = KEY_DOCS[key];
  const parts = [heading(key)];
  if (known !== undefined) parts.push(known, `**Here:** ${hereFor(key, entry, here)}`);
  else parts.push(unknownKey(key));
  return { markdown: parts.join('\n\n'), start: entry.keyStart, end: entry.keyEnd };
}

function unknownKey(key: string): string {
  const obsolete = OBSOLETE_ANNOTATIONS[key];
  if (obsolete !== undefined) return `Helm does not read this key: ${obsolete}.`;
  if (key.startsWith('meta.helm.sh/')) return 'Not a hook annotation: Helm writes and reads it to tell which release owns a resource, not to run hooks.';
  if (isOtherToolKey(key)) return 'Not a hook annotation: Helm itself does not read this key; to Helm it is ordinary metadata.';
  const meant = misspelling(key);
  return (
    'Helm does not read this key (annotation keys are exact and case-sensitive): it stays an ordinary annotation and does nothing.' +
    (meant ? ` Did you mean \`${meant}\`?` : '')
  );
}

function hereFor(key: string, entry: AnnotationEntry, here: Here): string {
  if (key !== HOOK && key !== RESOURCE_POLICY && !here.isHook && !here.obj.annotationsDynamic) {
    return `this object has no \`${HOOK}\`, so Helm ignores \`${key}\`.` + (key === HOOK_WEIGHT ? ' A weight does not order regular resources.' : '');
  }
  switch (key) {
    case HOOK:
      return hookHere(entry, here);
    case HOOK_WEIGHT:
      return weightHere(entry, here);
    case HOOK_DELETE_POLICY:
      return deletePolicyHere(entry, here);
    case HOOK_OUTPUT_LOG_POLICY:
      return outputLogHere(entry, here);
    default:
      return resourcePolicyHere(entry, here);
  }
}

function objectName(here: Here): string {
  return here.obj.kind ? `this ${here.obj.kind}` : 'this object';
}

function hookHere(entry: AnnotationEntry, here: Here): string {
  const { all, self, scope, path } = here.order();
  if (path.slice(path.lastIndexOf('/') + 1).startsWith('_')) {
    return 'this file is a partial (its name starts with `_`): Helm renders this object only where a template includes it, and orders it as a hook there.';
  }
  if (self === undefined || self.placement !== 'placed') {
    if (entry.value.dynamic || entry.value.expansions === undefined) return 'a template prints the events, so what Helm does with this object shows only once it is rendered.';
    const bad = badEvents(entry);
    return `Helm **drops this whole resource**: ${bad.map((e) => `\`${e}\``).join(', ') || 'an empty entry'} is not an event it knows. ${objectName(here)} is neither installed nor run as a hook.`;
  }
  const events = [...new Set(self.events)];
  const lines = [
    `Helm runs ${objectName(here)} as a hook on ${events.map((e) => `**${e}**`).join(', ')}, at weight ${self.weight}, with delete policy ${deletePolicySummary(here)}. ` +
      `${waitDoc(here.obj.kind)} Hooks are not release resources: \`helm uninstall\` does not delete them.`,
    '',
    `Execution order (${scope}):`,
    ...events.map((e) => {
      const twice = self.events.filter((x) => x === e).length > 1 ? ' (listed twice: runs twice)' : '';
      return `- ${e}: ${placeInOrder(all, self, e, scope, path)}${twice}`;
    }),
  ];
  if (self.conditional) lines.push('', '_Some `{{ if }}` branches render other events, or events Helm drops: this holds where it renders as written._');
  const guessed = all.some((h) => !isExact(h) && events.some((e) => h.events.includes(e)));
  if (guessed) lines.push('', '_Names, weights or events that templates build are compared as written._');
  return lines.join('\n');
}

function badEvents(entry: AnnotationEntry): string[] {
  const bad = new Set<string>();
  for (const pieces of entry.value.expansions ?? []) {
    for (const e of splitList(pieces, entry.value)) if (e.text !== undefined && e.text !== '' && parseEvent(e.text) === undefined) bad.add(e.text);
  }
  return [...bad];
}

function policyEntries(here: Here): AnnotationEntry | undefined {
  return here.obj.annotations.filter((a) => a.key === HOOK_DELETE_POLICY).at(-1);
}

function deletePolicySummary(here: Here): string {
  const entry = policyEntries(here);
  const renderings = entry === undefined ? undefined : literalRenderings(entry);
  if (renderings !== undefined && renderings.length !== 1) return 'built by a template';
  const reading = readDeletePolicyText(renderings?.[0]);
  if (reading.defaulted) return `\`${DEFAULT_DELETE_POLICY}\` (the default)`;
  return reading.listed.length === 0 ? 'empty (never deleted)' : `\`${reading.listed.join(',')}\``;
}

function weightHere(entry: AnnotationEntry, here: Here): string {
  if (entry.value.type === 'int' || entry.value.type === 'float') {
    return 'the value is a YAML number, not a string: the API server rejects the object and the install fails. Quote it.';
  }
  const raws = [...new Set(weightTexts(here.tt, entry))];
  if (raws.length === 0) return 'a template prints the weight; Helm uses 0 unless it renders a whole number.';
  return raws
    .map((raw) => {
      const r = parseWeight(raw);
      if (r.ok) return `Helm reads weight **${r.weight}**: among the hooks of one event, lower weights run first, then names in byte order.`;
      return `Helm cannot parse ${JSON.stringify(raw)} (${r.reason === 'range' ? 'beyond 64-bit integers' : 'not a bare whole number'}) and silently uses weight **0**.`;
    })
    .join(' ');
}

const DELETED_WHEN: Readonly<Record<DeletePolicy, string>> = {
  'before-hook-creation': 'just before it is created again',
  'hook-succeeded': 'after the hooks of its event succeed',
  'hook-failed': 'as soon as it fails (with its pods and logs)',
};

function deletePolicyHere(entry: AnnotationEntry, here: Here): string {
  const renderings = literalRenderings(entry);
  if (renderings.length === 0) return 'a template prints the policies; once set, even empty, they replace the default before-hook-creation.';
  const notes: string[] = [];
  for (const raw of new Set(renderings)) {
    const reading = readDeletePolicyText(raw);
    if (reading.empty) {
      notes.push(`the policy is empty but counts as set: ${objectName(here)} is never deleted, and the next run can fail with \`already exists\`.`);
      continue;
    }
    const when = DELETE_POLICIES.filter((p) => reading.applies.has(p)).map((p) => DELETED_WHEN[p]);
    let s = reading.neverDeleted ? `no known policy: Helm never deletes ${objectName(here)}.` : `Helm deletes ${objectName(here)} ${when.join('; ')}.`;
    if (reading.unknown.length > 0) s += ` ${reading.unknown.map((u) => `\`${u}\``).join(', ')} matches nothing.`;
    if (!reading.applies.has('before-hook-creation') && here.obj.kind !== undefined && KINDS_WITH_PODS.has(here.obj.kind)) {
      s += ` Without before-hook-creation, a ${here.obj.kind} left behind with the same name makes the next run fail with \`already exists\`.`;
    }
    notes.push(s);
  }
  if (here.obj.kind === 'CustomResourceDefinition') notes.push('CustomResourceDefinition hooks are never deleted.');
  return notes.join(' ');
}

function outputLogHere(entry: AnnotationEntry, here: Here): string {
  const kind = here.obj.kind;
  if (kind !== undefined && !KINDS_WITH_PODS.has(kind)) return `Helm ignores it on a ${kind}: only Job and Pod hooks have logs to copy.`;
  const renderings = literalRenderings(entry);
  if (renderings.length === 0) return 'a template prints the policies.';
  const readings = renderings.map(readOutputLogPolicyText);
  const when = OUTPUT_LOG_POLICIES.filter((p) => readings.some((r) => r.applies.has(p))).map((p) => (p === 'hook-succeeded' ? 'succeeds' : 'fails'));
  const unknown = [...new Set(readings.flatMap((r) => r.unknown))];
  let s = when.length > 0 ? `Helm 3.18+ prints the logs of ${objectName(here)}'s pods when it ${when.join(' or ')}; older Helm prints nothing.` : 'no known policy: no logs are printed.';
  if (unknown.length > 0) s += ` ${unknown.map((u) => `\`${u}\``).join(', ')} matches nothing.`;
  return s;
}

function resourcePolicyHere(entry: AnnotationEntry, here: Here): string {
  const renderings = literalRenderings(entry);
  if (renderings.length === 0) return 'a template prints the policy; only `keep` has an effect.';
  const notes = [...new Set(renderings)].map((raw) =>
    keepsResource(raw)
      ? `\`helm uninstall\` leaves ${objectName(here)} in place, and so does an upgrade that stops rendering it; from then on the release no longer manages it.`
      : `${JSON.stringify(raw)} is not \`keep\`: Helm puts ${objectName(here)} in neither list, so \`helm uninstall\` leaves it behind, orphaned.`,
  );
  if (here.isHook) notes.push('It has no effect on when this hook is deleted.');
  return notes.join(' ');
}

// ---- values ----

function entryAt(entry: AnnotationEntry, o: number): ListEntry | undefined {
  for (const pieces of entry.value.expansions ?? []) {
    for (const e of splitList(pieces, entry.value)) if (e.start <= o && o < e.end) return e;
  }
  return undefined;
}

function valueHover(entry: AnnotationEntry, here: Here, o: number): HoverResult {
  const key = entry.key as string;
  const whole = { start: entry.value.start, end: entry.value.end };
  const item = LIST_KEYS.has(key) ? entryAt(entry, o) : undefined;
  if (item === undefined || item.text === undefined) {
    const text = KEY_DOCS[key] !== undefined ? `**Here:** ${hereFor(key, entry, here)}` : unknownKey(key);
    return { markdown: `${heading(key)}\n\n${text}`, ...whole };
  }
  const range = { start: item.start, end: item.end };
  if (key === HOOK) return { markdown: eventHover(item.text, here), ...range };
  const deletion = key === HOOK_DELETE_POLICY;
  const read = deletion ? readDeletePolicyEntry(item.text) : readOutputLogPolicyEntry(item.text);
  const candidates = deletion ? [...DELETE_POLICIES] : [...OUTPUT_LOG_POLICIES];
  const docs: Readonly<Record<string, string>> = deletion ? DELETE_POLICY_DOCS : OUTPUT_LOG_POLICY_DOCS;
  const text =
    read.kind === 'policy'
      ? docs[read.policy]
      : `Helm does not know ${JSON.stringify(item.text)}: it keeps the value, which matches nothing.` +
        (deletion ? ' Because a policy is set, the default before-hook-creation no longer applies.' : '') +
        suggestion(read.kind === 'unknown' ? read.value : '', candidates);
  return { markdown: `**${item.text}** · \`${key}\`\n\n${text}`, ...range };
}

function suggestion(word: string, candidates: readonly string[]): string {
  const s = word === '' ? undefined : nearest(word, candidates, 5);
  return s ? ` Did you mean \`${s}\`?` : ` Known values: ${candidates.map((c) => `\`${c}\``).join(', ')}.`;
}

function eventHover(raw: string, here: Here): string {
  const title = `**${raw || '(empty)'}** · \`${HOOK}\``;
  const lower = goTrimSpace(raw).toLowerCase();
  const event = parseEvent(raw);
  if (event === undefined) {
    const removed = REMOVED_EVENTS[lower];
    const why = removed !== undefined ? `a Helm 2 event that Helm 3 and 4 do not know. ${removed}.` : `not an event Helm knows.${suggestion(lower, HOOK_EVENTS)}`;
    return `${title}\n\n${raw === '' ? 'An empty entry is' : 'This is'} ${why}\n\nHelm **drops this whole resource**: it is neither installed nor run as a hook.`;
  }
  const lines = [title, ''];
  if (lower === LEGACY_TEST_SUCCESS) lines.push('Helm 2\'s name for `test`: Helm 3 and 4 still run it as a test hook. Write `test`.', '');
  else if (raw !== event) lines.push(`Helm trims and lowercases entries: this reads as \`${event}\`.`, '');
  lines.push(EVENT_DOCS[event]);
  const place = eventPlace(event, here);
  if (place !== undefined) lines.push('', place);
  return lines.join('\n');
}

function eventPlace(event: HookEvent, here: Here): string | undefined {
  const { all, self, scope, path } = here.order();
  if (self === undefined || self.placement !== 'placed') return undefined;
  return `**Here:** ${placeInOrder(all, self, event, scope, path)}.`;
}
