import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChartFiles, chartsOf, Unreadable } from '../../../engine';
import { findChartFolders, readChartFolder } from '../charts/nodeFiles';

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

/** A chart's templates and those of its unpacked subcharts (charts/NAME/); packed ones are noted. */
function addChart(chart: ChartFiles<string>, d: Discovery): Unreadable<string>[] {
  for (const c of chartsOf(chart)) {
    for (const t of c.templates) d.files.push({ path: t, chart: c.name });
    for (const p of c.packed) d.notices.push(`${p}: packed subchart not checked (unpack it to check its hooks)`);
  }
  return chartsOf(chart).flatMap((c) => c.unreadable);
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
      const found = findChartFolders(p);
      const unreadable = [...found.unreadable, ...found.charts.flatMap((c) => addChart(readChartFolder(c.at), d))];
      // A folder that cannot be read would leave charts unchecked without anyone noticing.
      if (unreadable.length > 0) throw new InputError(`${p}: cannot read (${unreadable[0].error})`);
      if (found.charts.length === 0) throw new InputError(`${p}: no Helm chart (a folder with Chart.yaml) found here`);
    } else throw new InputError(`${p}: not a file or folder`);
  }
  return d;
}

/** Whether `dir` is a chart, or holds one right below it: what running with no path checks. */
export function hasChartAt(dir: string): boolean {
  return findChartFolders(path.resolve(dir), 1).charts.length > 0;
}
