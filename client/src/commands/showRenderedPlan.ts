import * as path from 'node:path';
import * as vscode from 'vscode';
import { Ctx } from '../ctx';
import { DEFAULT_VALUES, EditorFinding, EditorRender, HelmProblem, rememberedValues, rememberValues, rootChartOf, valuesFilesOf } from '../render';
import { workspaceChartDirs } from '../workspaceCharts';

export const SHOW_RENDERED_PLAN_COMMAND = 'helmHooks.showRenderedExecutionPlan';
const HELM_PATH = 'helmHooks.helmPath';

/** What the command gave (for tests): the document and what was rendered, or why nothing was. */
export type RenderedPlanResult = { uri: string; kind: EditorRender['kind']; markdown: string; findings: EditorFinding[] } | { notRun: string } | undefined;

/** Optional second argument: the values files (names in the chart folder), instead of asking. */
interface Options {
  values?: string[];
}

/**
 * Helm Hooks: Show Hook Execution Plan (rendered). Renders the chart of the active file (or one picked among the
 * workspace's charts) with the real helm and the values files picked (remembered per chart), and opens the plan:
 * rendered names, kinds, weights, delete policies, ties, hooks these values switch off, objects Helm drops, and the
 * rendered findings. Off in Restricted Mode: rendering runs the chart's templates.
 */
export function showRenderedPlan(ctx: Ctx): (...args: unknown[]) => Promise<RenderedPlanResult> {
  return async (...args: unknown[]) => {
    if (!vscode.workspace.isTrusted) {
      return notRun(vscode.window.showWarningMessage, 'Helm Hooks: rendering is off in Restricted Mode: helm runs the chart\'s templates. Trust this workspace to see the rendered plan.');
    }
    const given = args[0];
    const options = (typeof args[1] === 'object' && args[1] !== null ? args[1] : {}) as Options;
    const source = given instanceof vscode.Uri ? given : typeof given === 'string' ? vscode.Uri.parse(given) : vscode.window.activeTextEditor?.document.uri;
    const chartDir = source?.scheme === 'file' ? rootChartOf(source.fsPath) : undefined;
    const chart = chartDir ?? (await pickChart());
    if (chart === undefined) return undefined;

    const available = valuesFilesOf(chart);
    const values = options.values ?? (await pickValues(chart, available, rememberedValues(ctx.extension.workspaceState, chart, available)));
    if (values === undefined) return undefined;
    await rememberValues(ctx.extension.workspaceState, chart, values);

    let helm: string;
    try {
      helm = await ctx.rendering.helm();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      void offerHelmPath(message, err instanceof HelmProblem);
      return { notRun: `Helm Hooks: ${message}` };
    }
    const name = path.basename(chart);
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Helm Hooks: rendering ${name} with helm`, cancellable: true }, (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return ctx.rendering.render(helm, chart, values, controller.signal);
    });
    ctx.output.info(`rendered plan of ${chart} with ${r.renderedWith}: ${r.kind}${r.kind === 'problem' ? ` (${r.message})` : ''}`);
    if (r.kind === 'problem' && r.problem === 'cancelled') return notRun(vscode.window.showInformationMessage, `Helm Hooks: rendering ${name} was cancelled.`);
    if (ctx.rendering.onSave()) ctx.rendering.publish(r);

    const uri = ctx.renderedPlans.set(chart, r.markdown);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    if (r.kind === 'failed') void showFailure(r.findings[0], r.error.message, chart);
    else if (r.kind === 'problem') void vscode.window.showErrorMessage(`Helm Hooks: could not render ${name}: ${r.message}`);
    return { uri: uri.toString(), kind: r.kind, markdown: r.markdown, findings: r.kind === 'problem' ? [] : r.findings };
  };
}

async function pickChart(): Promise<string | undefined> {
  const charts = (await workspaceChartDirs()).map((u) => u.fsPath);
  if (charts.length === 0) {
    void vscode.window.showInformationMessage('Helm Hooks: no Helm chart (a folder with Chart.yaml) in this workspace to render.');
    return undefined;
  }
  if (charts.length === 1) return charts[0];
  const picked = await vscode.window.showQuickPick(
    charts.map((c) => ({ label: path.basename(c), description: vscode.workspace.asRelativePath(c), chart: c })),
    { title: 'Show Hook Execution Plan (rendered)', placeHolder: 'The chart to render with helm' },
  );
  return picked?.chart;
}

/** The values files to render with: multi-select, the last choice picked; undefined when dismissed. */
async function pickValues(chart: string, available: readonly string[], remembered: readonly string[]): Promise<string[] | undefined> {
  if (available.every((v) => v === DEFAULT_VALUES)) return [];
  const items = available.map((v) => ({
    label: v,
    description: v === DEFAULT_VALUES ? 'the chart\'s defaults: helm always applies them first' : undefined,
    picked: remembered.includes(v),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Values files for ${path.basename(chart)}`,
    placeHolder: 'Pick the values files to render with (applied in this order, later ones win); none: the chart\'s defaults',
    canPickMany: true,
  });
  return picked?.map((p) => p.label);
}

async function showFailure(finding: EditorFinding | undefined, message: string, chart: string): Promise<void> {
  if (finding === undefined) {
    void vscode.window.showErrorMessage(`Helm Hooks: helm template failed: ${message}`);
    return;
  }
  const where = `${path.relative(chart, finding.file).split(path.sep).join('/')}:${finding.line + 1}`;
  const open = 'Open Template';
  const choice = await vscode.window.showErrorMessage(`Helm Hooks: helm template failed at ${where}: ${message}`, open);
  if (choice === open) {
    await vscode.window.showTextDocument(vscode.Uri.file(finding.file), { selection: new vscode.Range(finding.line, finding.startColumn, finding.line, finding.endColumn) });
  }
}

async function offerHelmPath(message: string, helmProblem: boolean): Promise<void> {
  const set = 'Set helm Path';
  const choice = await vscode.window.showErrorMessage(`Helm Hooks: ${message}`, ...(helmProblem || /helm/.test(message) ? [set] : []));
  if (choice === set) await vscode.commands.executeCommand('workbench.action.openSettings', HELM_PATH);
}

function notRun(show: (message: string) => Thenable<unknown>, message: string): { notRun: string } {
  void show(message);
  return { notRun: message };
}
