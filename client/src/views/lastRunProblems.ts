import * as vscode from 'vscode';
import { clusterModule } from './releases/clusterModule';
import { HookNode } from './releases/nodes';
import { ReleaseTreeProvider } from './releases/provider';
import { chartReleaseOf, documentRuns, hookNode } from './lastRunLens';

export const LAST_RUN_PROBLEMS_SETTING = 'helmHooks.lastRunProblems.enable';
const SOURCE = 'helm-hooks (cluster)';

/**
 * Failed and stale last runs in the Problems panel, on the hook objects of the templates shown in an
 * editor: computed for those only, from the release view's session, never for the whole cluster.
 */
export class LastRunProblems implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('helm-hooks-last-run');
  /** What Show Hook Logs opens, per document and entry. */
  private readonly nodes = new Map<string, { range: vscode.Range; node: HookNode }[]>();
  private readonly subscriptions: vscode.Disposable[];
  private debounce: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly releases: ReleaseTreeProvider,
  ) {
    this.subscriptions = [
      releases.onDidChangeTreeData((e) => {
        if (e === undefined) this.refresh(300);
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh(100)),
      vscode.workspace.onDidSaveTextDocument(() => this.refresh(300)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(LAST_RUN_PROBLEMS_SETTING)) this.refresh(0);
      }),
    ];
    this.refresh(0);
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === SOURCE);
    if (ours.length === 0) return [];
    const actions: vscode.CodeAction[] = [];
    for (const { range: at, node } of this.nodes.get(doc.uri.toString()) ?? []) {
      const diagnostics = ours.filter((d) => d.range.isEqual(at));
      if (diagnostics.length === 0) continue;
      const action = new vscode.CodeAction(`Show Hook Logs (${node.hook.name}, ${node.release.entry.name} rev ${node.revision.revision})`, vscode.CodeActionKind.QuickFix);
      action.command = { title: 'Show Hook Logs', command: 'helmHooks.showHookLogs', arguments: [node] };
      action.diagnostics = diagnostics;
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    clearTimeout(this.debounce);
    this.collection.dispose();
  }

  private refresh(ms: number): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.update(), ms);
  }

  private forget(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.nodes.delete(uri.toString());
  }

  private async update(): Promise<void> {
    const generation = ++this.generation;
    if (!vscode.workspace.getConfiguration().get<boolean>(LAST_RUN_PROBLEMS_SETTING, true)) {
      this.collection.clear();
      this.nodes.clear();
      return;
    }
    const docs = new Map(vscode.window.visibleTextEditors.filter((e) => e.document.languageId === 'helm' && e.document.uri.scheme === 'file').map((e) => [e.document.uri.toString(), e.document]));
    for (const doc of docs.values()) {
      const shown = await documentRuns(this.extension, this.releases, doc);
      if (generation !== this.generation) return;
      if (shown === undefined) {
        this.forget(doc.uri);
        continue;
      }
      const cluster = clusterModule(this.extension);
      // The cluster's cause of each failed run, read on demand for the templates shown (cached by the session).
      const session = this.releases.current();
      const whys = await Promise.all(
        shown.runs.map((run) =>
          run === undefined || run.last.phase !== 'Failed' || session === undefined
            ? Promise.resolve(undefined)
            : session.diagnosis.explain(run.last.hook, run.last.namespace).then((x) => (x.basis === 'none' ? undefined : x.sentence), () => undefined),
        ),
      );
      if (generation !== this.generation) return;
      const diagnostics: vscode.Diagnostic[] = [];
      const nodes: { range: vscode.Range; node: HookNode }[] = [];
      shown.hooks.forEach((h, i) => {
        const run = shown.runs[i];
        const problem = run === undefined ? undefined : cluster.runProblem(run.last, whys[i]);
        const entry = run === undefined ? undefined : chartReleaseOf(run, shown.found);
        if (run === undefined || problem === undefined || entry === undefined) return;
        const range = new vscode.Range(h.line, 0, h.end.line, h.end.character);
        const d = new vscode.Diagnostic(range, problem.message, problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        d.source = SOURCE;
        d.code = run.last.phase === 'Failed' ? 'hook-run-failed' : 'hook-run-stale';
        diagnostics.push(d);
        nodes.push({ range, node: hookNode(run, entry, shown.context) });
      });
      this.collection.set(doc.uri, diagnostics);
      this.nodes.set(doc.uri.toString(), nodes);
    }
  }
}
