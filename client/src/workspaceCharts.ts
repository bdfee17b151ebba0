import * as path from 'node:path';
import * as vscode from 'vscode';
import { AsyncFileSystem, ChartFiles, Entry, EntryKind, findCharts, readChart, runAsync, StoredPath, storedPaths, templateCandidates } from '../../engine';

/**
 * Between workspace files and the template paths Helm stores in release records: `CHART/templates/...`,
 * for subcharts `PARENT/charts/SUB/templates/...`, each chart named by the `name` in its Chart.yaml. The
 * engine's chart walks do the work, answered here by workspace.fs; charts are found as the language server
 * and the CLI find them (same depth limit, same folders skipped).
 */

/** The workspace file of a stored template path, if a chart in the workspace has it. */
export async function templateOf(helmPath: string): Promise<vscode.Uri | undefined> {
  const roots: ChartFiles<vscode.Uri>[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const found = await runAsync(findCharts({ at: folder.uri, name: path.posix.basename(folder.uri.path) }), workspaceFs);
    for (const c of found.charts) roots.push(await runAsync(readChart(c, { templates: false }), workspaceFs));
  }
  for (const { chart, rel } of templateCandidates(roots, helmPath)) {
    if ((await workspaceFs.kind(chart.dir, rel.join('/'))) === 'file') return vscode.Uri.joinPath(chart.dir, ...rel);
  }
  return undefined;
}

/** The paths Helm stores a workspace template under, outermost chart first (see storedPaths). */
export async function storedPathsOf(file: vscode.Uri): Promise<StoredPath[]> {
  if (file.scheme !== 'file') return [];
  const folders: Entry<vscode.Uri>[] = [];
  for (let dir = path.posix.dirname(file.path); ; dir = path.posix.dirname(dir)) {
    folders.push({ at: file.with({ path: dir }), name: path.posix.basename(dir) });
    if (path.posix.dirname(dir) === dir) break;
  }
  return runAsync(storedPaths(path.posix.basename(file.path), folders), workspaceFs);
}

function kindOf(type: vscode.FileType): EntryKind {
  if ((type & vscode.FileType.File) !== 0) return 'file';
  // A linked folder is not entered, as on the server: no walk can loop.
  return type === vscode.FileType.Directory ? 'dir' : 'other';
}

const workspaceFs: AsyncFileSystem<vscode.Uri> = {
  async list(dir) {
    try {
      const entries = await vscode.workspace.fs.readDirectory(dir);
      return { entries: entries.map(([name, type]) => ({ at: vscode.Uri.joinPath(dir, name), name, kind: kindOf(type) })) };
    } catch (err) {
      return { error: err instanceof vscode.FileSystemError ? err.code : String(err) };
    }
  },
  async kind(dir, name) {
    try {
      return kindOf((await vscode.workspace.fs.stat(vscode.Uri.joinPath(dir, name))).type);
    } catch {
      return undefined;
    }
  },
  async read(dir, name) {
    try {
      return await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name));
    } catch {
      return undefined;
    }
  },
};

/** The root charts of the workspace's folders on disk, as the language server and the CLI find them. */
export async function workspaceChartDirs(): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const found = await runAsync(findCharts({ at: folder.uri, name: path.posix.basename(folder.uri.path) }), workspaceFs);
    out.push(...found.charts.map((c) => c.at));
  }
  return out;
}
