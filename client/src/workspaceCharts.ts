import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * Between workspace files and the template paths Helm stores in release records: `CHART/templates/...`,
 * for subcharts `PARENT/charts/SUB/templates/...`, each chart named by the `name` in its Chart.yaml.
 */

/** The workspace file of a stored template path, if a chart in the workspace has it. */
export async function templateOf(helmPath: string): Promise<vscode.Uri | undefined> {
  const parts = helmPath.split('/');
  const at = parts.lastIndexOf('templates');
  if (at < 1) return undefined;
  // The innermost chart holds the template: `shop/charts/audit/templates/x.yaml` is audit's.
  const chartName = parts[at - 1];
  const rest = parts.slice(at);
  const charts = await vscode.workspace.findFiles('**/Chart.yaml', '**/node_modules/**', 2000);
  for (const chartYaml of charts) {
    const dir = path.dirname(chartYaml.fsPath);
    if ((await chartNameOf(chartYaml)) !== chartName) continue;
    const file = vscode.Uri.file(path.join(dir, ...rest));
    if (await exists(file)) return file;
  }
  return undefined;
}

/** A chart a release may be of, and the path under which such a release stores the template. */
export interface StoredPath {
  chart: string;
  path: string;
}

/**
 * The paths Helm stores a workspace template under, outermost chart first: a subchart's template is
 * stored under its parent's releases as `PARENT/charts/SUB/...`, and as `SUB/...` when SUB is installed
 * alone. Empty when the file is not a template of a chart (its nearest Chart.yaml is not above `templates/`).
 */
export async function storedPathsOf(file: vscode.Uri): Promise<StoredPath[]> {
  if (file.scheme !== 'file') return [];
  let chartDir: string | undefined;
  for (let dir = path.dirname(file.fsPath); chartDir === undefined; dir = path.dirname(dir)) {
    if (await exists(chartYamlIn(dir))) chartDir = dir;
    else if (path.dirname(dir) === dir) return [];
  }
  const rest = path.relative(chartDir, file.fsPath).split(path.sep);
  if (rest[0] !== 'templates' || rest.length < 2) return [];
  const names: string[] = [];
  for (let dir: string | undefined = chartDir; dir !== undefined; ) {
    const name = await chartNameOf(chartYamlIn(dir));
    if (name === undefined) return [];
    names.unshift(name);
    const parent = path.dirname(dir);
    dir = path.basename(parent) === 'charts' && (await exists(chartYamlIn(path.dirname(parent)))) ? path.dirname(parent) : undefined;
  }
  return names.map((chart, i) => ({ chart, path: [names.slice(i).join('/charts/'), ...rest].join('/') }));
}

/** The chart's `name` (what Helm puts in stored paths), else its folder's name; undefined when unreadable. */
export async function chartNameOf(chartYaml: vscode.Uri): Promise<string | undefined> {
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(chartYaml));
    const m = /^name:[ \t]*["']?([^"'\s#]+)/m.exec(text);
    return m?.[1] ?? path.basename(path.dirname(chartYaml.fsPath));
  } catch {
    return undefined;
  }
}

function chartYamlIn(dir: string): vscode.Uri {
  return vscode.Uri.file(path.join(dir, 'Chart.yaml'));
}

async function exists(file: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(file);
    return true;
  } catch {
    return false;
  }
}
