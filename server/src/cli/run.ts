import * as path from 'node:path';
import { analyzeTemplate, dedupeByRuleFileLine, renderedPlan, renderedPlanJson, renderedPlanMarkdown, renderedPlanText, RULES } from '../../../engine';
import { ChartIndex } from '../charts/chartIndex';
import { Args, CheckArgs, parseArgs, PlanArgs, UsageError, USAGE } from './args';
import { discover, hasChartAt, InputError } from './discover';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatText } from './formats/text';
import { readTemplate } from './readTemplate';
import { helmFor, RenderLimits, renderRelease, renderedWith, rootChartsOf, staticHooks } from './render';
import { Located, locate, summarize } from './report';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  isTty: boolean;
  /** Folder of the bundled example chart, checked when nothing else is given. */
  exampleChart: string;
  version: string;
  /** Limits for rendering a test may lower. */
  renderLimits?: RenderLimits;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/**
 * The whole CLI as a function of its arguments: returns the exit status, never throws. The static check
 * answers synchronously; rendering with helm (`check --render`, `plan`) returns a promise.
 */
export function run(argv: readonly string[], io: Io): number | Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv, io.isTty);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`helm-hooks: ${err.message}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  if (args.command === 'help') {
    io.out(USAGE + '\n');
    return EXIT_OK;
  }
  if (args.command === 'version') {
    io.out(io.version + '\n');
    return EXIT_OK;
  }
  if (args.command === 'rules') {
    for (const r of RULES) io.out(`${r.code.padEnd(30)} ${r.severity.padEnd(12)} ${r.summary}\n`);
    return EXIT_OK;
  }

  if (args.command === 'plan') return plan(args, io);
  return check(args, io);
}

function display(io: Io, p: string): string {
  const rel = path.relative(io.cwd, p);
  return rel.startsWith('..') ? p : rel;
}

function check(args: CheckArgs, io: Io): number | Promise<number> {
  let paths = args.paths;
  if (paths.length === 0) {
    if (hasChartAt(io.cwd)) paths = [io.cwd];
    else {
      io.err(`helm-hooks: no chart in ${io.cwd}; checking the bundled example chart ${io.exampleChart}\n`);
      paths = [io.exampleChart];
    }
  }

  let discovery;
  try {
    discovery = discover(paths.map((p) => path.resolve(io.cwd, p)));
  } catch (err) {
    if (err instanceof InputError) {
      io.err(`helm-hooks: ${err.message.replace(path.resolve(io.cwd) + path.sep, '')}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }

  const shown = (p: string): string => display(io, p);
  const results: Located[] = [];
  const charts = new ChartIndex();
  const notices = discovery.notices.map(shown);
  let unreadable = false;
  let checked = 0;
  for (const file of discovery.files) {
    const read = readTemplate(file.path);
    if (!read.ok) {
      if ('error' in read) {
        unreadable = true;
        notices.push(read.error);
      } else notices.push(read.skipped);
      continue;
    }
    if (read.notice) notices.push(read.notice);
    checked += 1;
    const { findings, lines } = analyzeTemplate(read.text, { severities: args.severities });
    // Chart-wide findings (hook-weight-tie) come from all templates of the file's chart and subcharts.
    findings.push(...charts.tieFindings(file.path, read.text, args.severities));
    findings.sort((a, b) => a.start - b.start || a.end - b.end);
    for (const f of findings) results.push(locate(shown(file.path), file.chart, f, (o) => lines.positionAt(o)));
  }

  if (args.render !== undefined) {
    const render = args.render;
    const roots = rootChartsOf(paths.map((p) => path.resolve(io.cwd, p)), charts);
    return (async (): Promise<number> => {
      let helm: string;
      try {
        helm = (await helmFor(render, io.cwd)).helm;
      } catch (err) {
        io.err(`helm-hooks: ${(err as Error).message}\n`);
        return EXIT_USAGE;
      }
      let failed = false;
      for (const root of roots) {
        const r = await renderRelease(root, helm, render, io.cwd, shown, args.severities, io.renderLimits);
        results.push(...r.results);
        notices.push(...r.notices);
        if (r.problem !== undefined) {
          failed = true;
          notices.push(r.problem);
        }
      }
      // Static findings first: where both see the same thing, the static one keeps its exact columns.
      const merged = dedupeByRuleFileLine(results).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
      const status = report(args, io, checked, merged, notices, unreadable);
      return failed ? EXIT_USAGE : status;
    })();
  }
  return report(args, io, checked, results, notices, unreadable);
}

function report(args: CheckArgs, io: Io, checked: number, results: Located[], notices: string[], unreadable: boolean): number {
  const summary = summarize(checked, results);
  for (const n of notices) io.err(`helm-hooks: ${n.replace(path.resolve(io.cwd) + path.sep, '')}\n`);
  if (args.format === 'json') io.out(formatJson(results, summary, notices));
  else if (args.format === 'sarif') io.out(formatSarif(results, notices, io.version, io.cwd));
  else io.out(formatText(results, summary, args.color));

  if (unreadable) return EXIT_USAGE;
  if (summary.errors > 0 || (args.strict && summary.warnings > 0)) return EXIT_FINDINGS;
  return EXIT_OK;
}

/** `helm-hooks plan CHART`: the rendered timeline. 0 on success, 1 when the chart fails to render at a template, 2 otherwise. */
async function plan(args: PlanArgs, io: Io): Promise<number> {
  const dir = path.resolve(io.cwd, args.chart);
  const charts = new ChartIndex();
  const roots = rootChartsOf([dir], charts);
  if (roots.length !== 1 || roots[0] !== dir) {
    io.err(`helm-hooks: ${args.chart}: not a chart folder (a folder with Chart.yaml)\n`);
    return EXIT_USAGE;
  }
  let helm: string;
  try {
    helm = (await helmFor(args.render, io.cwd)).helm;
  } catch (err) {
    io.err(`helm-hooks: ${(err as Error).message}\n`);
    return EXIT_USAGE;
  }
  const r = await renderRelease(dir, helm, args.render, io.cwd, (p) => display(io, p), undefined, io.renderLimits);
  for (const n of r.notices) io.err(`helm-hooks: ${n}\n`);
  if (r.problem !== undefined) {
    io.err(`helm-hooks: ${r.problem}\n`);
    return EXIT_USAGE;
  }
  if (r.judgement === undefined) {
    for (const f of r.results) io.err(`${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}\n`);
    return EXIT_FINDINGS;
  }
  const name = charts.release(dir).root.name;
  const p = renderedPlan(name, renderedWith(args.render), r.judgement.hooks, r.judgement.dropped, staticHooks(dir, charts));
  if (args.format === 'json') io.out(JSON.stringify(renderedPlanJson(p), null, 2) + '\n');
  else if (args.format === 'markdown') io.out(renderedPlanMarkdown(p));
  else io.out(renderedPlanText(p));
  return EXIT_OK;
}
