import * as path from 'node:path';
import { chartsOf, HookRecord, hooksOf, judgeRendered, RenderError, RenderedFinding, RenderedPlan, renderedPlan, renderedPlanMarkdown, RULE_BY_CODE, Severity, SeverityOverrides } from '../../../engine';
import { readChartFolder, readTemplateFile } from '../../../node/files/nodeFiles';
import { renderChart, SourceFiles } from '../../../node/helm/renderChart';
import { renderedWithText, valuesArgs } from './valuesChoice';

export interface EditorRenderRequest {
  helm: string;
  /** The root chart folder. */
  chartDir: string;
  /** The chosen values files, by name in the chart folder (see valuesChoice). */
  values: readonly string[];
  deadlineMs: number;
  maxOutputChars: number;
  severities?: SeverityOverrides;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/** A rendered finding on a file on disk (a packed subchart's template is named `.../charts/x.tgz/templates/y.yaml`). */
export type EditorFinding = Omit<RenderedFinding, 'source'> & { file: string };

export type RenderProblemKind = 'missing-dependency' | 'kube-version' | 'timeout' | 'huge-output' | 'cancelled' | 'helm' | 'other';

interface Common {
  chart: string;
  chartDir: string;
  renderedWith: string;
  /** The plan document. */
  markdown: string;
}

export type EditorRender =
  | (Common & { kind: 'rendered'; plan: RenderedPlan; findings: EditorFinding[]; notices: string[] })
  /** helm failed at a template (`required`, `fail`, a nil value): the finding is at the template and line helm names. */
  | (Common & { kind: 'failed'; error: RenderError; findings: EditorFinding[] })
  /** Nothing could be rendered and no template is to blame. */
  | (Common & { kind: 'problem'; problem: RenderProblemKind; message: string });

/** The statically scanned hooks of the chart and its unpacked subcharts, by Helm path, for the hooks values switch off. */
export function staticHooksOf(chartDir: string): HookRecord[] {
  const hooks: HookRecord[] = [];
  for (const c of chartsOf(readChartFolder(chartDir))) {
    for (const t of c.templates) {
      const read = readTemplateFile(t);
      if (!('text' in read)) continue;
      hooks.push(...hooksOf(`${c.helmPath}/${path.relative(c.dir, t).split(path.sep).join('/')}`, read.text));
    }
  }
  return hooks;
}

function severityOf(code: string, severities: SeverityOverrides | undefined): Severity | 'off' {
  return severities?.[code] ?? RULE_BY_CODE.get(code)?.severity ?? 'error';
}

/** `templates/x.yaml` for a Helm path, relative to the chart folder, `/`-separated. */
function shownRel(chartDir: string, files: SourceFiles, source: string): string {
  const shown = files.shownFile(source);
  return shown === undefined ? source.slice(source.indexOf('/') + 1) : path.relative(chartDir, shown).split(path.sep).join('/');
}

const link = (rel: string, line0: number): string => `${encodeURI(rel).replace(/[()]/g, (c) => encodeURIComponent(c))}#L${line0 + 1}`;

function findingsMarkdown(chartDir: string, findings: readonly EditorFinding[]): string {
  if (findings.length === 0) return '\n## Findings with these values\n\nNone.\n';
  const out = ['', '## Findings with these values', ''];
  for (const f of findings) {
    const rel = path.relative(chartDir, f.file).split(path.sep).join('/');
    out.push(`- **${f.severity}** \`${f.code}\` [${rel}:${f.line + 1}](${link(rel, f.line)}): ${f.message}`);
  }
  return out.join('\n') + '\n';
}

function titled(chart: string, lines: readonly string[]): string {
  return [`# Hook execution plan: ${chart}`, '', ...lines].join('\n') + '\n';
}

const PROBLEM_HINT: Partial<Record<RenderProblemKind, string>> = {
  timeout: 'A chart that renders this slowly usually loops; check recent edits to its templates.',
  'huge-output': 'Output this large usually comes from a loop that never ends (a `range` over a growing list, a recursive `include`).',
};

function problemKind(message: string, aborted: boolean): RenderProblemKind {
  if (aborted || /was cancelled/.test(message)) return 'cancelled';
  if (/did not finish within/.test(message)) return 'timeout';
  if (/printed more than/.test(message)) return 'huge-output';
  if (/helm was not found|cannot be run/.test(message)) return 'helm';
  return 'other';
}

/**
 * Renders a chart with the real helm and the chosen values (a temporary copy, see node/helm/renderChart), judges
 * the output, and returns the rendered plan as Markdown with the findings placed in the chart's files.
 */
export async function renderForEditor(req: EditorRenderRequest): Promise<EditorRender> {
  const chart = path.basename(req.chartDir);
  const renderedWith = renderedWithText(req.values);
  const result = await renderChart({
    helm: req.helm,
    chartDir: req.chartDir,
    values: valuesArgs(req.chartDir, req.values),
    set: [],
    deadlineMs: req.deadlineMs,
    maxOutputChars: req.maxOutputChars,
    cwd: req.chartDir,
    env: req.env,
    signal: req.signal,
  });
  const common = { chart, chartDir: req.chartDir, renderedWith };
  if ('problem' in result) {
    const problem = problemKind(result.problem, req.signal?.aborted === true);
    const hint = PROBLEM_HINT[problem];
    return { ...common, kind: 'problem', problem, message: result.problem, markdown: titled(chart, [`Rendered with ${renderedWith}: **no plan**. ${result.problem}`, ...(hint ? ['', hint] : [])]) };
  }
  const fileOf = (source: string): string => result.shownFile(source) ?? path.join(req.chartDir, source.slice(source.indexOf('/') + 1));
  if (!result.ok) {
    const e = result.error;
    if (e.source === undefined) {
      const problem: RenderProblemKind = e.kind === 'missing-dependency' || e.kind === 'kube-version' ? e.kind : 'other';
      return { ...common, kind: 'problem', problem, message: e.message, markdown: titled(chart, [`Rendered with ${renderedWith}: **no plan**: ${e.message}`]) };
    }
    const line = (e.line ?? 1) - 1;
    const startColumn = Math.max(0, (e.column ?? 1) - 1);
    const lineText = result.templateText(e.source)?.split('\n')[line] ?? '';
    const endColumn = Math.max(startColumn + 1, lineText.trimEnd().length);
    const severity = severityOf('render-failed', req.severities);
    const finding: EditorFinding = { file: fileOf(e.source), line, startColumn, endColumn, code: 'render-failed', severity: severity === 'off' ? 'error' : severity, message: `${e.message} (rendered with ${renderedWith})`, dropped: false };
    const rel = shownRel(req.chartDir, result, e.source);
    const markdown = titled(chart, [`Rendered with ${renderedWith}: **helm template failed** at [${rel}:${line + 1}](${link(rel, line)}), so Helm would fail to install or upgrade with these values.`, '', `> ${e.message}`]);
    return { ...common, kind: 'failed', error: e, findings: severity === 'off' ? [] : [finding], markdown };
  }
  const judgement = judgeRendered({ output: result.output, probeFile: undefined, probePrefix: `helm-hooks-probe-${result.nonce}-`, templateText: (s) => result.templateText(s), renderedWith, severities: req.severities });
  const notices: string[] = [];
  const logged = (result.stderr.match(/skipping unknown hooks?\b/g) ?? []).length;
  if (judgement.probed && logged > judgement.dropped.length) notices.push(`helm logged ${logged} skipped hook(s) and only ${judgement.dropped.length} could be placed in a template.`);
  if (!judgement.probed) notices.push('Objects Helm drops could not be seen (no probe output).');
  const findings = judgement.findings.map(({ source, ...f }): EditorFinding => ({ ...f, file: fileOf(source) }));
  const plan = renderedPlan(chart, renderedWith, judgement.hooks, judgement.dropped, staticHooksOf(req.chartDir));
  let markdown = renderedPlanMarkdown(plan, (h) => link(shownRel(req.chartDir, result, h.path), h.offsets.anchorLine));
  markdown += findingsMarkdown(req.chartDir, findings);
  if (notices.length > 0) markdown += `\n${notices.map((n) => `> ${n}`).join('\n')}\n`;
  return { ...common, kind: 'rendered', plan, findings, notices, markdown };
}
