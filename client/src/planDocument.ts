import * as vscode from 'vscode';
import { EXECUTION_PLAN_REQUEST, ExecutionPlanResult, PLAN_SCHEME } from '../../engine';
import { Ctx } from './ctx';
import { planLinks } from './planLinks';

/**
 * Read-only Markdown documents of hook execution plans, on the `helm-hooks-plan:` scheme. A plan's URI is
 * its chart folder plus `hook-execution-plan.md`, and its query names the file it was asked for, so the
 * document can be fetched again (e.g. after a window reload). Links in it are relative to the chart
 * folder with a line anchor (`templates/job.yaml#L4`); a link provider resolves them to the templates.
 */
export class PlanDocuments implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** The plan fetched by the last `open` of each document, handed out when the editor reads it. */
  private readonly latest = new Map<string, string>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly ctx: Ctx) {
    ctx.extension.subscriptions.push(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, this),
      vscode.languages.registerDocumentLinkProvider({ scheme: PLAN_SCHEME }, this),
    );
  }

  /** Asks the server for the plan of `source`'s chart; undefined when the file is in no chart. */
  async open(source: vscode.Uri): Promise<vscode.Uri | undefined> {
    const plan = await this.request(source);
    if (plan === null) return undefined;
    const chart = vscode.Uri.parse(plan.chart.uri);
    const uri = vscode.Uri.joinPath(chart, 'hook-execution-plan.md').with({ scheme: PLAN_SCHEME, query: source.toString() });
    this.latest.set(uri.toString(), plan.markdown);
    // Already open: show the current plan.
    this.changed.fire(uri);
    return uri;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const known = this.latest.get(uri.toString());
    if (known !== undefined) return known;
    const plan = await this.request(vscode.Uri.parse(uri.query));
    return plan === null ? 'This file is not in a Helm chart (no Chart.yaml above it).\n' : plan.markdown;
  }

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    return planLinks(doc);
  }

  private request(source: vscode.Uri): Promise<ExecutionPlanResult> {
    return this.ctx.client.sendRequest<ExecutionPlanResult>(EXECUTION_PLAN_REQUEST, { uri: source.toString() });
  }
}
