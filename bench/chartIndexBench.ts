import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { ChartIndex, folders } from '../server/src/charts/chartIndex';
import { CORPUS_ROOT } from './corpus';
import { fmtMB, fmtMs, median, percentile } from './stats';

/**
 * The chart index of a whole workspace built in-process, as the language server builds it: find every
 * chart, read every template of every release (subcharts included), scan the hooks, plan each release and
 * find its weight ties. Each build starts from a fresh index; the files come from the OS cache after the
 * first one. Memory: the heap a built index keeps (after a forced GC, against before), and the heap growth
 * over the first build before any GC (the texts read and the garbage made on the way).
 */
export interface ChartIndexResult {
  releases: number;
  charts: number;
  templates: number;
  hooks: number;
  ties: number;
  buildsMs: number[];
  medianMs: number;
  maxMs: number;
  /** Heap kept by one built index, after GC. */
  retainedHeap: number;
  /** Heap growth over the first build, before GC: the texts read and the garbage made on the way. */
  heapGrowth: number;
  /** One template changed (an editor's unsaved text), then the release viewed again: the per-edit cost. */
  edit: { release: string; file: string; hooks: number; medianMs: number; p99Ms: number };
  targetMs: number;
}

export const CHART_INDEX_TARGET_MS = 2000;

/** node --expose-gc is not needed: the flag can be set at run time and gc() fetched from a new context. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  return () => gc?.();
}

function build(root: string, overlay?: ConstructorParameters<typeof ChartIndex>[0]): { index: ChartIndex; ms: number } {
  const t0 = performance.now();
  const index = new ChartIndex(overlay);
  for (const r of index.discover([root])) index.view(index.release(r));
  return { index, ms: performance.now() - t0 };
}

export function chartIndexBuild(root: string = CORPUS_ROOT, builds = 5, edits = 200): ChartIndexResult {
  const gc = collector();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const first = build(root);
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  gc();
  const retainedHeap = process.memoryUsage().heapUsed - heapBefore;
  const buildsMs = [first.ms];
  for (let i = 1; i < builds; i++) buildsMs.push(build(root).ms);

  const releases = first.index.loaded();
  const charts = releases.flatMap((r) => folders(r.root));
  const templates = charts.flatMap((c) => [...c.templates.values()]);
  let hooks = 0;
  let ties = 0;
  for (const r of releases) {
    const v = first.index.view(r);
    hooks += v.hooks.length;
    ties += v.ties.length;
  }

  // Per edit: the template with the most hooks, in the release with the most hooks, retyped again and again.
  const open = new Map<string, { text: string; version: number }>();
  const { index } = build(root, (f) => open.get(f));
  const busiest = index.loaded().reduce((a, b) => (index.view(b).hooks.length > index.view(a).hooks.length ? b : a));
  const file = folders(busiest.root)
    .flatMap((c) => [...c.templates.values()])
    .reduce((a, b) => (b.hooks.length > a.hooks.length ? b : a)).file;
  const text = fs.readFileSync(file, 'utf8');
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    open.set(file, { text: i % 2 === 0 ? `${text}\n# edit` : text, version: i + 1 });
    const t0 = performance.now();
    index.view(busiest);
    times.push(performance.now() - t0);
  }

  return {
    releases: releases.length,
    charts: charts.length,
    templates: templates.length,
    hooks,
    ties,
    buildsMs,
    medianMs: median(buildsMs),
    maxMs: Math.max(...buildsMs),
    retainedHeap,
    heapGrowth,
    edit: { release: busiest.root.name, file: file.slice(root.length + 1), hooks: index.view(busiest).hooks.length, medianMs: median(times), p99Ms: percentile(times, 99) },
    targetMs: CHART_INDEX_TARGET_MS,
  };
}

export function chartIndexTable(r: ChartIndexResult): string {
  const met = r.maxMs < r.targetMs ? 'yes' : 'no';
  return [
    '| builds (ms) | median | slowest | target | met | releases | charts | templates | hooks | weight ties | heap kept | heap growth before GC (first build) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${r.buildsMs.map((x) => Math.round(x)).join(', ')} | ${fmtMs(r.medianMs)} | ${fmtMs(r.maxMs)} | < ${r.targetMs} ms | ${met} | ${r.releases} | ${r.charts} | ${r.templates} | ${r.hooks} | ${r.ties} | ${fmtMB(r.retainedHeap)} | ${fmtMB(r.heapGrowth)} |`,
    '',
    '| one template edited, release viewed again | release | hooks in the release | p50 | p99 |',
    '| --- | --- | --- | --- | --- |',
    `| \`${r.edit.file}\` | ${r.edit.release} | ${r.edit.hooks} | ${fmtMs(r.edit.medianMs)} | ${fmtMs(r.edit.p99Ms)} |`,
  ].join('\n');
}
