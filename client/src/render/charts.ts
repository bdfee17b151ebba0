import * as fs from 'node:fs';
import * as path from 'node:path';

const isChart = (dir: string): boolean => {
  try {
    return fs.statSync(path.join(dir, 'Chart.yaml')).isFile();
  } catch {
    return false;
  }
};

/**
 * The root chart a file belongs to (the chart helm is run on): the nearest folder above it with a Chart.yaml,
 * climbing out of `charts/` to the parent while that parent is a chart too. Undefined outside any chart.
 */
export function rootChartOf(file: string): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    if (isChart(dir)) break;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  for (;;) {
    const parent = path.dirname(path.dirname(dir));
    if (path.basename(path.dirname(dir)) !== 'charts' || !isChart(parent)) return dir;
    dir = parent;
  }
}

/** Whether saving this file can change what its chart renders: a template, a values file, Chart.yaml. */
export function affectsRender(file: string, chartDir: string): boolean {
  const rel = path.relative(chartDir, file).split(path.sep);
  if (rel[0] === '..' || path.isAbsolute(rel.join('/'))) return false;
  const base = rel[rel.length - 1];
  return rel.includes('templates') || /^values.*\.ya?ml$/i.test(base) || base === 'Chart.yaml' || base === 'Chart.lock' || base.endsWith('.tgz');
}
