import * as path from 'node:path';
import { analyzeTemplate, RULES } from '../../../engine';
import { ChartIndex } from '../charts/chartIndex';
import { Args, parseArgs, UsageError, USAGE } from './args';
import { discover, hasChartAt, InputError } from './discover';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatText } from './formats/text';
import { readTemplate } from './readTemplate';
import { Located, locate, summarize } from './report';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  isTty: boolean;
  /** Folder of the bundled example chart, checked when nothing else is given. */
  exampleChart: string;
  version: string;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** The whole CLI as a function of its arguments: returns the exit status, never throws. */
export function run(argv: readonly string[], io: Io): number {
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

  const display = (p: string): string => {
    const rel = path.relative(io.cwd, p);
    return rel.startsWith('..') ? p : rel;
  };
  const results: Located[] = [];
  const charts = new ChartIndex();
  const notices = discovery.notices.map(display);
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
    for (const f of findings) results.push(locate(display(file.path), file.chart, f, (o) => lines.positionAt(o)));
  }

  const summary = summarize(checked, results);
  for (const n of notices) io.err(`helm-hooks: ${n.replace(path.resolve(io.cwd) + path.sep, '')}\n`);
  if (args.format === 'json') io.out(formatJson(results, summary, notices));
  else if (args.format === 'sarif') io.out(formatSarif(results, notices, io.version, io.cwd));
  else io.out(formatText(results, summary, args.color));

  if (unreadable) return EXIT_USAGE;
  if (summary.errors > 0 || (args.strict && summary.warnings > 0)) return EXIT_FINDINGS;
  return EXIT_OK;
}
