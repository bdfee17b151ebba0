import { chartYamlName } from './chartYaml';
import { utf8 } from './templateGate';
import { DirEntry, Entry, kind, list, Listing, read, sortedEntries, Walk } from './walk';

/**
 * Charts on a file system, as Helm lays them out: a folder with a Chart.yaml, its templates under
 * `templates/`, its subcharts under `charts/` (unpacked folders, or packed `.tgz` files).
 */

/** How many folders below the searched one a chart may be: deep enough for monorepos, bounded for huge trees. */
export const MAX_CHART_DEPTH = 9;

const TEMPLATE_FILE = /\.(ya?ml|tpl)$/;

export function isTemplateFile(name: string): boolean {
  return TEMPLATE_FILE.test(name);
}

/** Folders discovery does not enter: hidden ones (.git, .cache...) and node_modules. */
export function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

export interface Unreadable<P> {
  at: P;
  error: string;
}

export interface ChartFiles<P> {
  dir: P;
  /** `name` from Chart.yaml (Helm uses it in template paths), else the folder name. */
  name: string;
  /** `shop`, or `shop/charts/audit` for a subchart. */
  helmPath: string;
  /** Template files under `templates/`, depth first, sorted by name at each level. */
  templates: P[];
  /** Unpacked subcharts (`charts/NAME/` with a Chart.yaml), sorted. */
  subcharts: ChartFiles<P>[];
  /** Packed subcharts (`charts/*.tgz`), sorted. */
  packed: P[];
  /** Folders of this chart (not of its subcharts) that could not be listed. */
  unreadable: Unreadable<P>[];
}

export interface FoundCharts<P> {
  /** Chart folders, depth first, sorted at each level; subcharts under their chart's `charts/` are not listed. */
  charts: Entry<P>[];
  unreadable: Unreadable<P>[];
}

function hasChartYaml<P>(entries: readonly DirEntry<P>[]): boolean {
  return entries.some((e) => e.name === 'Chart.yaml' && e.kind === 'file');
}

/** Charts at or below `root` (at most `maxDepth` folders down); a chart's own folders are not searched further. */
export function* findCharts<P>(root: Entry<P>, maxDepth = MAX_CHART_DEPTH): Walk<P, FoundCharts<P>> {
  const found: FoundCharts<P> = { charts: [], unreadable: [] };
  function* walk(folder: Entry<P>, depth: number): Walk<P, void> {
    const listing = yield* list(folder.at);
    if ('error' in listing) {
      found.unreadable.push({ at: folder.at, error: listing.error });
      return;
    }
    if (hasChartYaml(listing.entries)) {
      found.charts.push(folder);
      return;
    }
    if (depth >= maxDepth) return;
    for (const e of sortedEntries(listing.entries)) if (e.kind === 'dir' && !isSkippedFolder(e.name)) yield* walk(e, depth + 1);
  }
  yield* walk(root, 0);
  return found;
}

export interface ReadChartOptions {
  /** The parent chart's helmPath, for a subchart. */
  parent?: string;
  /** List the templates (default); off when only names and layout matter. */
  templates?: boolean;
}

/** The chart in `folder` (which should hold a Chart.yaml) with its subcharts. */
export function* readChart<P>(folder: Entry<P>, options: ReadChartOptions = {}): Walk<P, ChartFiles<P>> {
  return yield* readListedChart(folder, yield* list(folder.at), options);
}

function* readListedChart<P>(folder: Entry<P>, listing: Listing<P>, options: ReadChartOptions): Walk<P, ChartFiles<P>> {
  const bytes = yield* read(folder.at, 'Chart.yaml');
  const name = (bytes === undefined ? undefined : chartYamlName(utf8(bytes))) ?? folder.name;
  const chart: ChartFiles<P> = {
    dir: folder.at,
    name,
    helmPath: options.parent === undefined ? name : `${options.parent}/charts/${name}`,
    templates: [],
    subcharts: [],
    packed: [],
    unreadable: [],
  };
  if ('error' in listing) {
    chart.unreadable.push({ at: folder.at, error: listing.error });
    return chart;
  }
  const entries = sortedEntries(listing.entries);
  const templates = entries.find((e) => e.name === 'templates' && e.kind === 'dir');
  if (templates !== undefined && options.templates !== false) {
    const listed = yield* listTemplates(templates.at);
    chart.templates = listed.files;
    chart.unreadable.push(...listed.unreadable);
  }
  const charts = entries.find((e) => e.name === 'charts' && e.kind === 'dir');
  if (charts === undefined) return chart;
  const subs = yield* list(charts.at);
  if ('error' in subs) {
    chart.unreadable.push({ at: charts.at, error: subs.error });
    return chart;
  }
  for (const e of sortedEntries(subs.entries)) {
    if (e.kind === 'dir') {
      const sub = yield* list(e.at);
      if (!('error' in sub) && hasChartYaml(sub.entries)) chart.subcharts.push(yield* readListedChart(e, sub, { ...options, parent: chart.helmPath }));
    } else if (e.kind === 'file' && e.name.endsWith('.tgz')) chart.packed.push(e.at);
  }
  return chart;
}

/** Template files in `dir` and every folder below it, depth first, sorted by name at each level. */
export function* listTemplates<P>(dir: P): Walk<P, { files: P[]; unreadable: Unreadable<P>[] }> {
  const out = { files: [] as P[], unreadable: [] as Unreadable<P>[] };
  function* walk(at: P): Walk<P, void> {
    const listing = yield* list(at);
    if ('error' in listing) {
      out.unreadable.push({ at, error: listing.error });
      return;
    }
    for (const e of sortedEntries(listing.entries)) {
      if (e.kind === 'dir') yield* walk(e.at);
      else if (e.kind === 'file' && isTemplateFile(e.name)) out.files.push(e.at);
    }
  }
  yield* walk(dir);
  return out;
}

/** The chart and its subcharts, depth first, parent first. */
export function chartsOf<P>(root: ChartFiles<P>): ChartFiles<P>[] {
  return [root, ...root.subcharts.flatMap(chartsOf)];
}

/** A chart a release may be of, and the path under which such a release stores the template. */
export interface StoredPath {
  chart: string;
  path: string;
}

/**
 * The paths Helm stores a template under, outermost chart first: a subchart's template is stored under
 * its parent's releases as `PARENT/charts/SUB/...`, and as `SUB/...` when SUB is installed alone. Empty
 * when the file is not a template of a chart (its nearest Chart.yaml is not above `templates/`), or a
 * Chart.yaml on the way cannot be read. `folders`: the file's folder and every folder above it, nearest first.
 */
export function* storedPaths<P>(fileName: string, folders: readonly Entry<P>[]): Walk<P, StoredPath[]> {
  let at = 0;
  while (at < folders.length && (yield* kind(folders[at].at, 'Chart.yaml')) !== 'file') at++;
  if (at === folders.length) return [];
  const rest = [...folders.slice(0, at).map((f) => f.name).reverse(), fileName];
  if (rest[0] !== 'templates' || rest.length < 2) return [];
  const names: string[] = [];
  for (let i: number | undefined = at; i !== undefined; ) {
    const bytes = yield* read(folders[i].at, 'Chart.yaml');
    if (bytes === undefined) return [];
    names.unshift(chartYamlName(utf8(bytes)) ?? folders[i].name);
    const parent: number = i + 2;
    i = folders[i + 1]?.name === 'charts' && parent < folders.length && (yield* kind(folders[parent].at, 'Chart.yaml')) === 'file' ? parent : undefined;
  }
  return names.map((chart, i) => ({ chart, path: [names.slice(i).join('/charts/'), ...rest].join('/') }));
}

/**
 * Where a template Helm stored as `helmPath` may be, best first: the chart with exactly that path, then a
 * subchart installed alone (`SUB/templates/...` for `PARENT/charts/SUB`), then any chart with the innermost
 * name (a release of a parent chart not in the workspace). `rel`: the template's path inside the chart.
 */
export function templateCandidates<P>(roots: readonly ChartFiles<P>[], helmPath: string): { chart: ChartFiles<P>; rel: string[] }[] {
  const parts = helmPath.split('/');
  const at = parts.lastIndexOf('templates');
  const ranked: { chart: ChartFiles<P>; rel: string[]; rank: number }[] = [];
  const visit = (c: ChartFiles<P>, chain: readonly string[]): void => {
    for (let i = 0; i < chain.length; i++) {
      const prefix = `${chain.slice(i).join('/charts/')}/templates/`;
      if (helmPath.startsWith(prefix) && helmPath.length > prefix.length) {
        ranked.push({ chart: c, rel: ['templates', ...helmPath.slice(prefix.length).split('/')], rank: i === 0 ? 0 : 1 });
        return;
      }
    }
    if (at >= 1 && parts[at - 1] === c.name) ranked.push({ chart: c, rel: parts.slice(at), rank: 2 });
  };
  const walk = (c: ChartFiles<P>, chain: readonly string[]): void => {
    visit(c, [...chain, c.name]);
    for (const s of c.subcharts) walk(s, [...chain, c.name]);
  };
  for (const r of roots) walk(r, []);
  // Array.prototype.sort is stable: among equals, discovery's order.
  return ranked.sort((a, b) => a.rank - b.rank).map(({ chart, rel }) => ({ chart, rel }));
}
