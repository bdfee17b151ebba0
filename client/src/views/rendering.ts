import * as path from 'node:path';
import * as vscode from 'vscode';
import { ruleDocUrl, SeverityOverrides } from '../../../engine';
import {
  affectsRender,
  byFile,
  checkHelmVersion,
  EditorFinding,
  EditorRender,
  locateHelm,
  rememberedValues,
  renderedToPublish,
  renderForEditor,
  RenderScheduler,
  rootChartOf,
} from '../render';

export const RENDER_ON_SAVE_SETTING = 'helmHooks.render.onSave';
export const RENDERED_SOURCE = 'helm-hooks (rendered)';
const HELM_PATH = 'helmHooks.helmPath';
/** helm template is stopped after this long, or once it printed this much. */
const DEADLINE_MS = 60_000;
const MAX_OUTPUT_CHARS = 64 * 1024 * 1024;
/** Saves within this long of each other make one render. */
const SAVE_DEBOUNCE_MS = 600;

const SEVERITY: Record<EditorFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

const codeOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : (d.code ?? ''));

/**
 * Rendering with the real helm, in the extension host: trust and helmHooks.helmPath live here, so helm runs here
 * (node/helm), never in the language server. Holds the rendered findings of each chart (published when
 * `helmHooks.render.onSave` is on) in a collection of its own, merged with the findings the server and the cluster
 * views already show: one finding per (rule, file, line), the already-shown one kept.
 */
export class Rendering implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('helm-hooks-rendered');
  /** Each chart's last rendered findings (including a render problem placed on Chart.yaml). */
  private readonly findings = new Map<string, EditorFinding[]>();
  /** What the collection holds per file, to publish only changes (our own publishing fires onDidChangeDiagnostics). */
  private readonly published = new Map<string, string>();
  private readonly versions = new Map<string, Promise<string>>();
  /** The last problem shown per chart on save, so the same one is not shown at every save. */
  private readonly shownProblems = new Map<string, string>();
  private readonly scheduler: RenderScheduler;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.scheduler = new RenderScheduler({
      delayMs: SAVE_DEBOUNCE_MS,
      run: (chart, signal) => this.renderOnSave(chart, signal),
      onError: (chart, err) => output.error(`Rendering ${chart} on save failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
    });
    this.subscriptions = [
      vscode.workspace.onDidSaveTextDocument((doc) => this.saved(doc)),
      vscode.languages.onDidChangeDiagnostics((e) => this.update(e.uris.filter((u) => u.scheme === 'file').map((u) => u.fsPath))),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(RENDER_ON_SAVE_SETTING) && !this.onSave()) this.clear();
      }),
    ];
  }

  /** On-save rendering is on: the setting, and never in Restricted Mode (rendering runs chart code). */
  onSave(): boolean {
    return vscode.workspace.isTrusted && vscode.workspace.getConfiguration().get<boolean>(RENDER_ON_SAVE_SETTING, false);
  }

  /** The helm binary, found and version-checked (once per path); throws an Error saying what is wrong. */
  async helm(): Promise<string> {
    const helm = locateHelm(vscode.workspace.getConfiguration('helmHooks').get<string>('helmPath'));
    let version = this.versions.get(helm);
    if (version === undefined) {
      version = checkHelmVersion(helm);
      this.versions.set(helm, version);
      version.catch(() => this.versions.delete(helm));
    }
    this.output.info(`rendering with ${helm} (${await version})`);
    return helm;
  }

  render(helm: string, chartDir: string, values: readonly string[], signal: AbortSignal): Promise<EditorRender> {
    const severities = vscode.workspace.getConfiguration('helmHooks.diagnostics').get<SeverityOverrides>('rules');
    return renderForEditor({ helm, chartDir, values, deadlineMs: DEADLINE_MS, maxOutputChars: MAX_OUTPUT_CHARS, severities, signal });
  }

  /** Shows a render's findings as diagnostics (a cancelled render changes nothing). */
  publish(r: EditorRender): void {
    if (r.kind === 'problem' && r.problem === 'cancelled') return;
    const before = this.findings.get(r.chartDir) ?? [];
    let now: EditorFinding[];
    if (r.kind === 'problem') {
      now = [{ file: path.join(r.chartDir, 'Chart.yaml'), line: 0, startColumn: 0, endColumn: 1, code: 'render-failed', severity: 'error', message: `${r.message} (rendered with ${r.renderedWith})`, dropped: false }];
    } else now = r.findings;
    this.findings.set(r.chartDir, now);
    this.update([...before, ...now].map((f) => f.file));
  }

  /** Waits for the on-save renders under way (for tests). */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  dispose(): void {
    this.scheduler.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }

  private clear(): void {
    this.scheduler.cancelAll();
    this.findings.clear();
    this.published.clear();
    this.shownProblems.clear();
    this.collection.clear();
  }

  private saved(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || !this.onSave()) return;
    const chart = rootChartOf(doc.uri.fsPath);
    if (chart !== undefined && affectsRender(doc.uri.fsPath, chart)) this.scheduler.schedule(chart);
  }

  private async renderOnSave(chart: string, signal: AbortSignal): Promise<void> {
    let helm: string;
    try {
      helm = await this.helm();
    } catch (err) {
      this.problemOnce(chart, err instanceof Error ? err.message : String(err), true);
      return;
    }
    if (signal.aborted || !this.onSave()) return;
    const r = await this.render(helm, chart, rememberedValues(this.extension.workspaceState, chart), signal);
    if (signal.aborted || !this.onSave()) return;
    this.publish(r);
    if (r.kind === 'problem') this.problemOnce(chart, r.message, false);
    else this.shownProblems.delete(chart);
  }

  private problemOnce(chart: string, message: string, helmMissing: boolean): void {
    this.output.warn(`rendering ${chart} on save: ${message}`);
    if (this.shownProblems.get(chart) === message) return;
    this.shownProblems.set(chart, message);
    const set = 'Set helm Path';
    void vscode.window.showWarningMessage(`Helm Hooks: could not render ${path.basename(chart)} on save: ${message}`, ...(helmMissing ? [set] : [])).then((choice) => {
      if (choice === set) void vscode.commands.executeCommand('workbench.action.openSettings', HELM_PATH);
    });
  }

  /** Recomputes what the collection shows for these files: rendered findings less those shown by others. */
  private update(files: Iterable<string>): void {
    const wanted = new Set(files);
    if (wanted.size === 0) return;
    const all = [...this.findings.values()].flat().filter((f) => wanted.has(f.file));
    for (const [file, rendered] of byFile(all, wanted)) {
      if (rendered.length === 0 && !this.published.has(file)) continue;
      const uri = vscode.Uri.file(file);
      const shown = vscode.languages
        .getDiagnostics(uri)
        .filter((d) => d.source !== RENDERED_SOURCE)
        .map((d) => ({ file, line: d.range.start.line, code: codeOf(d) }));
      const keep = renderedToPublish(rendered, shown);
      const text = JSON.stringify(keep);
      if (this.published.get(file) === text || (keep.length === 0 && !this.published.has(file))) continue;
      if (keep.length === 0) {
        this.published.delete(file);
        this.collection.delete(uri);
        continue;
      }
      this.published.set(file, text);
      this.collection.set(uri, keep.map((f) => diagnosticOf(f)));
    }
  }
}

function diagnosticOf(f: EditorFinding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(f.line, f.startColumn, f.line, Math.max(f.endColumn, f.startColumn + 1)), f.message, SEVERITY[f.severity]);
  d.source = RENDERED_SOURCE;
  d.code = { value: f.code, target: vscode.Uri.parse(ruleDocUrl(f.code)) };
  return d;
}
