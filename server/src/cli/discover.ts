import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export interface TemplateFile {
  /** Path as given or found, for messages. */
  path: string;
  /** Name of the chart holding it, when known. */
  chart: string | undefined;
}

export interface Discovery {
  files: TemplateFile[];
  /** Things skipped with a reason, for the user. */
  notices: string[];
}

export class InputError extends Error {}

const TEMPLATE_FILE = /\.(ya?ml|tpl)$/;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export function isChart(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'Chart.yaml'));
}

function chartName(dir: string): string {
  try {
    const chart = parse(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8')) as { name?: unknown } | null;
    return typeof chart?.name === 'string' ? chart.name : path.basename(dir);
  } catch {
    return path.basename(dir);
  }
}

function listTemplates(dir: string, chart: string, out: TemplateFile[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listTemplates(p, chart, out);
    else if (e.isFile() && TEMPLATE_FILE.test(e.name)) out.push({ path: p, chart });
  }
}

/** A chart's templates and those of its unpacked subcharts (charts/NAME/); packed ones are noted. */
function addChart(dir: string, d: Discovery): void {
  const name = chartName(dir);
  const templates = path.join(dir, 'templates');
  if (fs.existsSync(templates)) listTemplates(templates, name, d.files);
  const sub = path.join(dir, 'charts');
  if (!fs.existsSync(sub)) return;
  for (const e of fs.readdirSync(sub, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(sub, e.name);
    if (e.isDirectory() && isChart(p)) addChart(p, d);
    else if (e.isFile() && e.name.endsWith('.tgz')) d.notices.push(`${p}: packed subchart not checked (unpack it to check its hooks)`);
  }
}

function findCharts(dir: string, d: Discovery, depth: number): number {
  if (isChart(dir)) {
    addChart(dir, d);
    return 1;
  }
  if (depth > 6) return 0;
  let found = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) found += findCharts(path.join(dir, e.name), d, depth + 1);
  }
  return found;
}

/** Expands the command-line paths into template files. Throws InputError for paths that do not exist. */
export function discover(paths: readonly string[]): Discovery {
  const d: Discovery = { files: [], notices: [] };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new InputError(code === 'ENOENT' ? `${p}: no such file or folder` : `${p}: cannot read (${code ?? String(err)})`);
    }
    if (stat.isFile()) d.files.push({ path: p, chart: undefined });
    else if (stat.isDirectory()) {
      try {
        if (findCharts(p, d, 0) === 0) throw new InputError(`${p}: no Helm chart (a folder with Chart.yaml) found here`);
      } catch (err) {
        if (err instanceof InputError) throw err;
        throw new InputError(`${p}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      }
    } else throw new InputError(`${p}: not a file or folder`);
  }
  return d;
}
