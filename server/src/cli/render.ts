import * as fs from 'node:fs';
import * as path from 'node:path';
import { HookRecord, judgeRendered, Judgement, RenderedFinding, RULE_BY_CODE, Severity, SeverityOverrides } from '../../../engine';
import { locateHelm } from '../../../node/helm/locate';
import { HelmProblem } from '../../../node/helm/problem';
import { checkHelmVersion, renderChart, SourceFiles } from '../../../node/helm/renderChart';
import { ChartIndex } from '../charts/chartIndex';
import { RenderArgs } from './args';
import { Located } from './report';

/** Limits a test may lower. */
export interface RenderLimits {
  maxOutputChars?: number;
}

/** Which values a chart was rendered with, as the user gave them: `values.yaml + --values prod.yaml + --set a=b`. */
export function renderedWith(render: RenderArgs): string {
  return ['values.yaml', ...render.values.map((v) => `--values ${v}`), ...render.set.map((s) => `--set ${s}`)].join(' + ');
}

/** The helm to run, checked for its version; throws an Error with the message for the user. */
export async function helmFor(render: RenderArgs, cwd: string): Promise<{ helm: string; version: string }> {
  let helm: string;
  try {
    helm = locateHelm(render.helm, process.env, { name: '--helm', base: cwd });
  } catch (err) {
    if (err instanceof HelmProblem) throw new Error(err.message);
    throw err;
  }
  return { helm, version: await checkHelmVersion(helm) };
}

export interface RenderedRelease {
  /** Rendered findings, placed in the templates (with `render-failed` where helm failed at a template). */
  results: Located[];
  /** Set when helm rendered: the rendered hooks, for a plan. */
  judgement: Judgement | undefined;
  /** Why nothing could be rendered (no template to blame): a missing dependency, a timeout, huge output. */
  problem: string | undefined;
  notices: string[];
}

function severityOf(code: string, severities: SeverityOverrides | undefined): Severity | 'off' {
  return severities?.[code] ?? RULE_BY_CODE.get(code)?.severity ?? 'error';
}

/** Renders one root chart (with its subcharts) and judges the output. */
export async function renderRelease(chartDir: string, helm: string, render: RenderArgs, cwd: string, display: (file: string) => string, severities: SeverityOverrides | undefined, limits: RenderLimits = {}): Promise<RenderedRelease> {
  const result = await renderChart({
    helm,
    chartDir,
    values: render.values.map((v) => path.resolve(cwd, v)),
    set: render.set,
    kubeVersion: render.kubeVersion,
    deadlineMs: render.timeoutSeconds * 1000,
    maxOutputChars: limits.maxOutputChars ?? 64 * 1024 * 1024,
    cwd,
  });
  const notices: string[] = [];
  if ('problem' in result) return { results: [], judgement: undefined, problem: result.problem, notices };
  const chartName = path.basename(chartDir);
  const fileOf = (files: SourceFiles, source: string): string => display(files.shownFile(source) ?? source);
  if (!result.ok) {
    const e = result.error;
    if (e.source === undefined) return { results: [], judgement: undefined, problem: `${display(chartDir)}: ${e.message}`, notices };
    const severity = severityOf('render-failed', severities);
    if (severity === 'off') return { results: [], judgement: undefined, problem: undefined, notices };
    const line = e.line ?? 1;
    const column = e.column ?? 1;
    const lineText = result.templateText(e.source)?.split('\n')[line - 1] ?? '';
    const endColumn = Math.max(column + 1, lineText.trimEnd().length + 1);
    const located: Located = { file: fileOf(result, e.source), chart: chartName, line, column, endLine: line, endColumn, severity, code: 'render-failed', message: `${e.message} (rendered with ${renderedWith(render)})` };
    return { results: [located], judgement: undefined, problem: undefined, notices };
  }
  const judgement = judgeRendered({ output: result.output, probeFile: undefined, probePrefix: `helm-hooks-probe-${result.nonce}-`, templateText: (s) => result.templateText(s), renderedWith: renderedWith(render), severities });
  // Helm's own log line is a cross-check of what the probe saw dropped.
  const logged = (result.stderr.match(/skipping unknown hooks?\b/g) ?? []).length;
  if (judgement.probed && logged > judgement.dropped.length) notices.push(`${display(chartDir)}: helm logged ${logged} skipped hook(s) and only ${judgement.dropped.length} could be placed in a template`);
  if (!judgement.probed) notices.push(`${display(chartDir)}: objects Helm drops could not be seen (no probe output)`);
  const results = judgement.findings.map((f: RenderedFinding): Located => ({
    file: fileOf(result, f.source),
    chart: chartName,
    line: f.line + 1,
    column: f.startColumn + 1,
    endLine: f.line + 1,
    endColumn: f.endColumn + 1,
    severity: f.severity,
    code: f.code,
    message: f.message,
  }));
  return { results, judgement, problem: undefined, notices };
}

/** The root charts the paths name: a folder's charts, a template's chart. */
export function rootChartsOf(paths: readonly string[], charts: ChartIndex): string[] {
  const roots = new Set<string>();
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = fs.statSync(p).isDirectory();
    } catch {
      continue;
    }
    if (isDir) for (const r of charts.discover([p])) roots.add(r);
    else {
      const r = charts.releaseOf(p);
      if (r !== undefined) roots.add(r.root.dir);
    }
  }
  return [...roots].sort();
}

/** The static hooks of a root chart, for what the rendered plan misses. */
export function staticHooks(chartDir: string, charts: ChartIndex): HookRecord[] {
  return charts.view(charts.release(chartDir)).hooks;
}
