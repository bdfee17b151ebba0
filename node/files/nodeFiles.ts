import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChartFiles, EntryKind, FileSystem, findCharts, FoundCharts, listTemplates, readChart, ReadChartOptions, runSync, TemplateSkip, DecodedTemplate, templateSizeSkip, templateText } from '../../engine';

/** The engine's chart-file walks answered from Node's fs, synchronously: the chart index is synchronous. */

function errorOf(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

function kindOf(e: fs.Dirent, dir: string): EntryKind {
  if (e.isFile()) return 'file';
  if (e.isDirectory()) return 'dir';
  // A linked file counts as a file; a linked folder is not entered, so no walk can loop.
  if (e.isSymbolicLink()) {
    try {
      return fs.statSync(path.join(dir, e.name)).isFile() ? 'file' : 'other';
    } catch {
      return 'other';
    }
  }
  return 'other';
}

export const nodeFileSystem: FileSystem<string> = {
  list(dir) {
    try {
      return { entries: fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({ at: path.join(dir, e.name), name: e.name, kind: kindOf(e, dir) })) };
    } catch (err) {
      return { error: errorOf(err) };
    }
  },
  kind(dir, name) {
    try {
      const s = fs.statSync(path.join(dir, name));
      return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other';
    } catch {
      return undefined;
    }
  },
  read(dir, name) {
    try {
      return fs.readFileSync(path.join(dir, name));
    } catch {
      return undefined;
    }
  },
};

/** Chart folders at or below `dir` (see findCharts), as absolute paths when `dir` is. */
export function findChartFolders(dir: string, maxDepth?: number): FoundCharts<string> {
  return runSync(findCharts({ at: dir, name: path.basename(dir) }, maxDepth), nodeFileSystem);
}

export function readChartFolder(dir: string, options?: ReadChartOptions): ChartFiles<string> {
  return runSync(readChart({ at: dir, name: path.basename(dir) }, options), nodeFileSystem);
}

/** Template files under `dir`, recursively; unreadable folders are left out. */
export function templateFilesUnder(dir: string): string[] {
  return runSync(listTemplates(dir), nodeFileSystem).files;
}

export function isChartFolder(dir: string): boolean {
  return nodeFileSystem.kind(dir, 'Chart.yaml') === 'file';
}

/** `unreadable`: the error code (ENOENT, EACCES...), or the error itself when it has none. */
export type TemplateRead = DecodedTemplate | TemplateSkip | { unreadable: string };

/** A template from disk, through the engine's gate: huge files are skipped before they are read. */
export function readTemplateFile(file: string): TemplateRead {
  try {
    const tooLarge = templateSizeSkip(fs.statSync(file).size);
    return tooLarge ?? templateText(fs.readFileSync(file));
  } catch (err) {
    return { unreadable: errorOf(err) };
  }
}
