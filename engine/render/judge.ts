import { analyzeTemplate, SeverityOverrides } from '../analyze';
import { hooksOf } from '../chart/hooks';
import { partsText, valueParts } from '../chart/hookName';
import { HookRecord } from '../chart/hookRecord';
import { Finding, Severity } from '../rules/types';
import { scanObjects } from '../scan/objects';
import { TemplateText } from '../template/templateText';
import { LineIndex } from '../text/lineIndex';
import { readProbe } from './probe';
import { TemplateMap, RenderedObject } from './sourceMap';
import { splitManifests, splitRendered } from './split';

/** A finding on a rendered object, placed in the template that produced it. */
export interface RenderedFinding {
  /** Helm's path of the template (`<chart>/templates/x.yaml`). */
  source: string;
  /** 0-based line and UTF-16 columns in the template. */
  line: number;
  startColumn: number;
  endColumn: number;
  code: string;
  severity: Severity;
  message: string;
  /** Helm's sorter dropped the object: seen only through the probe, absent from `helm template`. */
  dropped: boolean;
}

export interface JudgeInput {
  /** `helm template` stdout. */
  output: string;
  /** The probe's file name (probeFileName), or the start of the probes' names: their documents are read, never judged. */
  probeFile: string | undefined;
  probePrefix?: string;
  /** The original text of a template, by Helm's path; undefined when not at hand. */
  templateText(source: string): string | undefined;
  /** Which values the chart was rendered with, for messages: `values.yaml + --set a=b`. */
  renderedWith: string;
  severities?: SeverityOverrides;
}

export interface Judgement {
  findings: RenderedFinding[];
  /** The hooks Helm keeps, as rendered (real names, weights, policies); `offsets.anchorLine` is the template's line. */
  hooks: HookRecord[];
  /** Hook objects Helm's sorter drops (an unknown or empty event), found through the probe. */
  dropped: HookRecord[];
  /** Rendered documents judged (the probe's aside). */
  documents: number;
  /** Whether probe output was found (dropped objects can be seen). */
  probed: boolean;
}

function renderedObject(text: string, index: number | undefined): RenderedObject {
  const tt = new TemplateText(text);
  const obj = scanObjects(tt)[0];
  return { kind: obj?.kind, name: obj?.name === undefined ? undefined : partsText(valueParts(tt, obj.name)), index };
}

/**
 * Runs the hook model and every rule on what helm rendered, one document at a time, and maps each finding
 * back to its template: the line written literally in the template when there is one, else the object's
 * first line. Objects the sorter drops come from the probe's copy of each template's rendered text.
 */
export function judgeRendered(input: JudgeInput): Judgement {
  const docs = splitRendered(input.output);
  const isProbe = (source: string): boolean => {
    const base = source.slice(source.lastIndexOf('/') + 1);
    return source.includes('/templates/') && (base === input.probeFile || (input.probePrefix !== undefined && base.startsWith(input.probePrefix)));
  };
  const probed = new Map<string, string[]>();
  for (const d of docs) if (isProbe(d.source)) for (const f of readProbe(d.text)) probed.set(f.source, splitManifests(f.text));

  const maps = new Map<string, TemplateMap | undefined>();
  const mapOf = (source: string): TemplateMap | undefined => {
    if (!maps.has(source)) {
      const text = input.templateText(source);
      maps.set(source, text === undefined ? undefined : new TemplateMap(text));
    }
    return maps.get(source);
  };
  const findings: RenderedFinding[] = [];
  const judge = (source: string, text: string, index: number | undefined, dropped: boolean): HookRecord[] => {
    const map = mapOf(source);
    const obj = renderedObject(text, index);
    const lines = new LineIndex(text);
    const place = (f: Finding): void => {
      const l = lines.lineOf(f.start);
      const lineText = text.slice(lines.lineStart(l), lines.lineEnd(l));
      const fragment = text.slice(f.start, Math.min(f.end, lines.lineEnd(l)));
      const spot = map?.spotOf(lineText, fragment, obj) ?? { line: 0, startColumn: 0, endColumn: 0 };
      const message = `${f.message} (rendered with ${input.renderedWith}${dropped ? '; helm template leaves this object out' : ''})`;
      findings.push({ source, line: spot.line, startColumn: spot.startColumn, endColumn: spot.endColumn, code: f.code, severity: f.severity, message, dropped });
    };
    for (const f of analyzeTemplate(text, { severities: input.severities }).findings) place(f);
    return hooksOf(source, text).map((h) => {
      const spot = map?.spotOf('', '', obj);
      return { ...h, index: index ?? h.index, offsets: { ...h.offsets, anchorLine: spot?.line ?? 0 } };
    });
  };

  const hooks: HookRecord[] = [];
  const kept = new Map<string, Set<number>>();
  let documents = 0;
  for (const d of docs) {
    if (isProbe(d.source)) continue;
    documents++;
    const body = d.text.trim();
    // The document's place among its template's documents, from the probe: Helm keeps that order.
    const entries = probed.get(d.source);
    const used = kept.get(d.source) ?? new Set<number>();
    kept.set(d.source, used);
    let index: number | undefined;
    if (entries !== undefined) {
      const i = entries.findIndex((e, k) => !used.has(k) && e === body);
      if (i !== -1) {
        used.add(i);
        index = i;
      }
    }
    hooks.push(...judge(d.source, d.text, index, false));
  }
  const dropped: HookRecord[] = [];
  for (const [source, entries] of probed) {
    const used = kept.get(source) ?? new Set<number>();
    entries.forEach((entry, i) => {
      if (used.has(i)) return;
      const text = entry + '\n';
      // Only the sorter's drops: an object with a hook annotation Helm cannot place.
      if (!hooksOf(source, text).some((h) => h.placement === 'dropped')) return;
      dropped.push(...judge(source, text, i, true).filter((h) => h.placement === 'dropped'));
    });
  }
  return { findings, hooks: hooks.filter((h) => h.placement === 'placed'), dropped, documents, probed: probed.size > 0 };
}

/** One finding per (rule, file, line): the first wins (put the static findings first to keep their exact columns). */
export function dedupeByRuleFileLine<T extends { code: string; file: string; line: number }>(findings: readonly T[]): T[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\u0000${f.file}\u0000${f.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
