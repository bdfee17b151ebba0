import { HOOK } from './helm/annotations';
import { checkAnnotationKeys } from './rules/annotationKeys';
import { RULE_BY_CODE } from './rules/catalog';
import { checkDeletePolicy } from './rules/deletePolicy';
import { checkHookEvents } from './rules/hookEvents';
import { checkHookWeight } from './rules/hookWeight';
import { checkJobPod } from './rules/jobPod';
import { checkOutputLogPolicy } from './rules/outputLogPolicy';
import { checkResourcePolicy } from './rules/resourcePolicy';
import { parseSuppressions } from './rules/suppressions';
import { Check, Finding, FixData, Severity } from './rules/types';
import { checkValueTypes } from './rules/valueTypes';
import { AnnotationEntry, ObjectInfo, scanObjects } from './scan/objects';
import { TemplateText } from './template/templateText';
import { LineIndex } from './text/lineIndex';
import { indexOfSlashed } from './text/search';

const CHECKS: readonly Check[] = [
  checkHookEvents,
  checkHookWeight,
  checkValueTypes,
  checkDeletePolicy,
  checkOutputLogPolicy,
  checkResourcePolicy,
  checkAnnotationKeys,
  checkJobPod,
];

/** A severity per rule code; `off` disables the rule. Unlisted rules keep their default. */
export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

export interface AnalyzeOptions {
  severities?: SeverityOverrides;
}

export interface Analysis {
  objects: ObjectInfo[];
  findings: Finding[];
  lines: LineIndex;
}

/** Templates that may hold hook annotations; others are skipped cheaply. */
function mayHaveHelmAnnotations(text: string): boolean {
  return indexOfSlashed(text, 'helm.sh/') !== -1 || /helm[^\n]{0,3}(sh|hook|resource)/i.test(text);
}

/** Scans a chart template and runs every rule on each object in it. Never throws on any input text. */
export function analyzeTemplate(text: string, options: AnalyzeOptions = {}): Analysis {
  const lines = new LineIndex(text);
  if (!mayHaveHelmAnnotations(text)) return { objects: [], findings: [], lines };
  return analyzeScanned(new TemplateText(text), lines, options);
}

/** mayHaveHelmAnnotations for a whole file: documentAnalyzer checks it once, not per document. */
export { mayHaveHelmAnnotations };

/** analyzeTemplate past its early exit, on a text already split into actions. */
export function analyzeScanned(tt: TemplateText, lines: LineIndex, options: AnalyzeOptions): Analysis {
  const { text } = tt;
  const objects = scanObjects(tt);
  const suppressions = parseSuppressions(text, lines);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const obj of objects) {
    if (obj.annotations.length === 0) continue;
    const byKey = new Map<string, AnnotationEntry[]>();
    for (const a of obj.annotations) {
      if (a.key === undefined) continue;
      const list = byKey.get(a.key);
      if (list) list.push(a);
      else byKey.set(a.key, [a]);
    }
    const report = (code: string, start: number, end: number, message: string, data?: FixData): void => {
      const rule = RULE_BY_CODE.get(code);
      if (rule === undefined) throw new Error(`unregistered rule ${code}`);
      const severity = options.severities?.[code] ?? rule.severity;
      if (severity === 'off') return;
      if (suppressions.isSuppressed(code, lines.lineOf(start))) return;
      const id = `${code}:${start}:${end}:${message}`;
      if (seen.has(id)) return;
      seen.add(id);
      findings.push({ code, severity, message, start, end, ...(data ? { data } : {}) });
    };
    const ctx = { tt, obj, byKey, isHook: byKey.has(HOOK), report };
    for (const check of CHECKS) check(ctx);
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { objects, findings, lines };
}
