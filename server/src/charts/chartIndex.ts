import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Finding, SeverityOverrides } from '../../../engine';
import { HookPlan, HookRecord, HookScanner, hooksOf, plan, tieFindings, WeightTie, weightTies } from '../../../engine';
import { ChartFiles, checkTemplateText, isTemplateFile } from '../../../engine';
import { findChartFolders, readChartFolder, readTemplateFile, templateFilesUnder } from './nodeFiles';

/**
 * The hooks of every chart template, closed files included, kept current as files change. Node-only (no
 * LSP imports), so the CLI uses it too.
 *
 * Helm installs a chart together with its subcharts: their hooks are sorted into one list. So the unit
 * here is a release: a root chart and its unpacked subcharts (`charts/NAME/`), each with its own
 * templates; a subchart folder opened on its own, without a parent chart above it, is a root itself.
 * Everything is lazy: a release is read when a file of it is first asked about, and after a change only
 * the changed file is read and scanned again.
 */

/**
 * The editor's text of a file, when open: it overrides what is on disk. `lineOf` (optional) gives the line
 * of an offset from the editor's own line table, cheaper than counting lines in a large file.
 */
export type Overlay = (file: string) => { text: string; version: number; lineOf?: (offset: number) => number } | undefined;

export interface TemplateEntry {
  /** Absolute path. */
  file: string;
  /** Chart-relative path as Helm stores it: `<chart>/templates/...`. */
  helmPath: string;
  hooks: HookRecord[];
  /** Which text `hooks` came from (`disk`, or `open:<version>`); undefined when it must be read again. */
  stamp: string | undefined;
  /** Why the file is not indexed (too large, binary, unreadable). */
  skipped: string | undefined;
  /** While the file is open in the editor: rescans only the documents an edit touched. */
  scanner: HookScanner | undefined;
}

export interface ChartFolder {
  dir: string;
  /** `name` from Chart.yaml (Helm uses it in template paths), else the folder name. */
  name: string;
  /** `shop`, or `shop/charts/audit` for a subchart. */
  helmPath: string;
  templates: Map<string, TemplateEntry>;
  subcharts: ChartFolder[];
  /** Packed subcharts (`charts/*.tgz`): their hooks are not read. */
  packed: string[];
}

/** What the chart layer computes for a release, cached until one of its files changes. */
export interface ReleaseView {
  hooks: HookRecord[];
  plan: HookPlan;
  ties: WeightTie[];
}

export interface Release {
  root: ChartFolder;
  /** The root chart and its subcharts, parent first. */
  charts: ChartFolder[];
  /** Bumped whenever a file of the release changes. */
  generation: number;
  /** Templates were added or removed since the last view: plan from scratch, not from the previous one. */
  reshaped: boolean;
  view: (ReleaseView & { generation: number }) | undefined;
  /** Hooks read since the last view, not yet planned. */
  unplanned: HookChange | undefined;
}

/** Hooks that came and went; `whole` when templates were added or removed (plan from scratch then). */
interface HookChange {
  added: HookRecord[];
  removed: HookRecord[];
  whole: boolean;
}

export class ChartIndex {
  private readonly releases = new Map<string, Release>();
  private readonly chartDirs = new Map<string, boolean>();
  private readonly preparing = new WeakMap<Release, Promise<void>>();

  constructor(
    private readonly overlay: Overlay = () => undefined,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Root charts under the given folders (hidden folders and node_modules skipped), sorted. */
  discover(folders: readonly string[]): string[] {
    const found = folders.flatMap((f) => findChartFolders(path.resolve(f)).charts.map((c) => this.rootOf(c.at)));
    return [...new Set(found)].sort();
  }

  /** The release holding `file` (a template, or any file inside a chart folder), loaded on first use. */
  releaseOf(file: string): Release | undefined {
    const chart = this.chartDirOf(path.resolve(file));
    return chart === undefined ? undefined : this.release(this.rootOf(chart));
  }

  /** The release whose root chart is `dir`, loaded on first use. */
  release(dir: string): Release {
    let r = this.releases.get(dir);
    if (r === undefined) {
      const root = folderOf(readChartFolder(dir));
      r = { root, charts: folders(root), generation: 0, reshaped: false, view: undefined, unplanned: undefined };
      this.releases.set(dir, r);
    }
    return r;
  }

  loaded(): Release[] {
    return [...this.releases.values()];
  }

  /** The release's hooks, plan and weight ties, after reading whatever changed since last time. */
  view(r: Release): ReleaseView {
    for (const steps = this.sync(r); steps.next().done !== true; );
    const change = r.unplanned ?? { added: [], removed: [], whole: false };
    r.unplanned = undefined;
    if (r.view === undefined || r.view.generation !== r.generation) {
      const hooks = r.charts.flatMap((c) => [...c.templates.values()].flatMap((t) => t.hooks));
      // Hooks that did not change are the same objects: events only they run on keep their order.
      const p = plan(hooks, r.view === undefined || change.whole ? undefined : { plan: r.view.plan, added: change.added, removed: change.removed });
      // Ties when first asked for: prepareTies may find them an event at a time first (weightTies keeps them per event).
      let ties: WeightTie[] | undefined;
      r.view = {
        generation: r.generation,
        hooks,
        plan: p,
        get ties(): WeightTie[] {
          return (ties ??= weightTies(p));
        },
      };
    }
    return r.view;
  }

  /**
   * Reads whatever changed in the release as view() would, in slices of about `sliceMs` with a turn of the
   * event loop between them (the first read of a release, or of a template of hundreds of hooks, takes
   * far longer than a keystroke may wait); view() afterwards only plans.
   */
  async prepare(r: Release, sliceMs = 8): Promise<void> {
    const previous = this.preparing.get(r) ?? Promise.resolve();
    const run = previous.then(async () => {
      const steps = this.sync(r);
      for (;;) {
        const until = performance.now() + sliceMs;
        // At least one step per slice, however short the slice.
        let done = steps.next().done === true;
        while (!done && performance.now() < until) done = steps.next().done === true;
        if (done) return;
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    this.preparing.set(r, run);
    try {
      await run;
    } finally {
      if (this.preparing.get(r) === run) this.preparing.delete(r);
    }
  }

  /**
   * The release's weight ties, one event per turn of the event loop (view() plans in one turn; finding the
   * ties of hundreds of hooks on each event takes another long one). view().ties afterwards only collects.
   */
  async prepareTies(r: Release): Promise<void> {
    const { plan: p } = this.view(r);
    for (const e of p.events) {
      if (e.steps.length < 2) continue;
      await new Promise((resolve) => setImmediate(resolve));
      weightTies({ ...p, events: [e] });
    }
  }

  /** The template entry of `file` (an absolute, normalised path) in its release, if it is one. */
  entryOf(r: Release, file: string): TemplateEntry | undefined {
    for (const c of r.charts) {
      const t = c.templates.get(file);
      if (t !== undefined) return t;
    }
    return undefined;
  }

  /** hook-weight-tie findings for one template, whose current text is `text` (for disable comments). */
  tieFindings(file: string, text: string, severities?: SeverityOverrides): Finding[] {
    const abs = path.resolve(file);
    const r = this.releaseOf(abs);
    if (r === undefined) return [];
    const { ties } = this.view(r);
    const entry = this.entryOf(r, abs);
    return entry === undefined ? [] : tieFindings(ties, entry.helmPath, text, severities ? { severities } : {});
  }

  /**
   * A file was created, changed or deleted (a template, a folder, or a Chart.yaml). Returns the loaded
   * releases it affects; the changed files are read again lazily, on the next view.
   */
  fileChanged(file: string, change: 'created' | 'changed' | 'deleted'): Release[] {
    const abs = path.resolve(file);
    if (path.basename(abs) === 'Chart.yaml') return this.forgetAround(path.dirname(abs));
    // A deleted folder that held a chart: the chart layout changed.
    if (change === 'deleted' && this.loaded().some((r) => r.charts.some((c) => within(c.dir, abs)))) return this.forgetAround(abs);
    const affected: Release[] = [];
    for (const r of this.loaded()) {
      for (const c of r.charts) {
        const templates = path.join(c.dir, 'templates');
        if (!within(abs, templates)) continue;
        if (change === 'deleted') {
          for (const key of [...c.templates.keys()]) if (within(key, abs)) c.templates.delete(key);
          r.reshaped = true;
        } else if (isTemplateFile(abs)) {
          const t = c.templates.get(abs);
          if (t !== undefined) t.stamp = undefined;
          else {
            c.templates.set(abs, newEntry(abs, helmPathOf(c, abs)));
            r.reshaped = true;
          }
        } else if (change === 'created' && isDirectory(abs)) {
          // A folder appeared (moved in, or unpacked): add its templates.
          for (const f of templateFilesUnder(abs)) if (!c.templates.has(f)) c.templates.set(f, newEntry(f, helmPathOf(c, f)));
          r.reshaped = true;
        }
        r.generation += 1;
        affected.push(r);
      }
    }
    return affected;
  }

  /**
   * Charts may have appeared, vanished or been renamed around `dir`: forget the releases there (they are
   * loaded again on demand) and every cached answer to "is this a chart?".
   */
  private forgetAround(dir: string): Release[] {
    const dropped = this.loaded().filter((r) => r.charts.some((c) => within(c.dir, dir) || within(dir, c.dir)));
    for (const r of dropped) this.releases.delete(r.root.dir);
    this.chartDirs.clear();
    return dropped;
  }

  /** Nearest folder at or above `file`'s folder that holds a Chart.yaml. */
  chartDirOf(file: string): string | undefined {
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      if (this.isChart(dir)) return dir;
      if (path.dirname(dir) === dir) return undefined;
    }
  }

  /** The outermost chart whose `charts/` folder holds `chart` (the chart itself when none does). */
  rootOf(chart: string): string {
    let root = chart;
    for (;;) {
      const parent = path.dirname(root);
      if (path.basename(parent) !== 'charts' || !this.isChart(path.dirname(parent))) return root;
      root = path.dirname(parent);
    }
  }

  private isChart(dir: string): boolean {
    let known = this.chartDirs.get(dir);
    if (known === undefined) {
      known = isFile(path.join(dir, 'Chart.yaml'));
      this.chartDirs.set(dir, known);
    }
    return known;
  }

  /**
   * Reads every entry whose text changed (open in the editor, or on disk), one step per file or per hook
   * document read afresh, and adds the hooks that came and went to `r.unplanned`. A file whose entry
   * changed hands while this was paused between steps (read by another sync) is left to that one.
   */
  private *sync(r: Release): Generator<void, void> {
    // Taken afresh at each use: a view() while this was paused has planned (and dropped) the earlier one.
    const unplanned = (): HookChange => (r.unplanned ??= { added: [], removed: [], whole: false });
    if (r.reshaped) unplanned().whole = true;
    r.reshaped = false;
    for (const c of r.charts) {
      for (const t of [...c.templates.values()]) {
        const open = this.overlay(t.file);
        const stamp = open === undefined ? 'disk' : `open:${open.version}`;
        if (t.stamp === stamp) continue;
        const startedFrom = t.stamp;
        const current = (): boolean => c.templates.get(t.file) === t && t.stamp === startedFrom;
        const before = t.hooks;
        const read = open === undefined ? readText(t.file) : checkText(open.text);
        let hooks: HookRecord[] = [];
        let skipped: string | undefined;
        if (read === GONE) {
          if (!current()) continue;
          // Closed without being saved, or deleted while no watcher told us.
          c.templates.delete(t.file);
          unplanned().whole = true;
          r.generation += 1;
          continue;
        } else if (typeof read !== 'string') {
          skipped = read.skipped;
        } else {
          try {
            if (open === undefined) hooks = hooksOf(t.helmPath, read);
            else hooks = yield* (t.scanner ??= new HookScanner()).steps(t.helmPath, read, open.lineOf);
          } catch (err) {
            // hooksOf never throws on any text; if it does, one file must not break the whole chart.
            this.log(`Helm Hooks could not scan ${t.file}: ${String(err)}`);
          }
        }
        if (!current()) continue;
        if (open === undefined) t.scanner = undefined;
        t.stamp = stamp;
        t.skipped = skipped;
        t.hooks = hooks;
        // A scanner keeps the objects of hooks whose document did not change: only the others count.
        const kept = new Set(before);
        const now = new Set(t.hooks);
        const change = unplanned();
        change.added.push(...t.hooks.filter((h) => !kept.has(h)));
        change.removed.push(...before.filter((h) => !now.has(h)));
        r.generation += 1;
        yield;
      }
    }
  }
}

/** The chart and its subcharts, depth first, parent first. */
export function folders(root: ChartFolder | undefined): ChartFolder[] {
  if (root === undefined) return [];
  return [root, ...root.subcharts.flatMap(folders)];
}

/** The index's view of a chart read from disk. */
function folderOf(files: ChartFiles<string>): ChartFolder {
  const chart: ChartFolder = { dir: files.dir, name: files.name, helmPath: files.helmPath, templates: new Map(), subcharts: files.subcharts.map(folderOf), packed: files.packed };
  for (const f of files.templates) chart.templates.set(f, newEntry(f, helmPathOf(chart, f)));
  return chart;
}

function newEntry(file: string, helmPath: string): TemplateEntry {
  return { file, helmPath, hooks: [], stamp: undefined, skipped: undefined, scanner: undefined };
}

function helmPathOf(chart: ChartFolder, file: string): string {
  return `${chart.helmPath}/${path.relative(chart.dir, file).split(path.sep).join('/')}`;
}

function within(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** An editor's text, refused when it cannot be a template. */
function checkText(text: string): string | { skipped: string } {
  return checkTemplateText(text);
}

const GONE = { skipped: 'no such file' };

/** A template from disk; huge and binary files are skipped, as the CLI does. */
function readText(file: string): string | { skipped: string } {
  const read = readTemplateFile(file);
  if ('text' in read) return read.text;
  if ('skipped' in read) return read;
  return read.unreadable === 'ENOENT' ? GONE : { skipped: `cannot read (${read.unreadable})` };
}
