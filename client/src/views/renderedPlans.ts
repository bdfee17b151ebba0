import * as vscode from 'vscode';
import { planLinks } from '../planLinks';

export const RENDERED_PLAN_SCHEME = 'helm-hooks-rendered-plan';

/**
 * Read-only Markdown documents of rendered plans, on their own scheme: a URI is the chart folder plus
 * `hook-execution-plan-rendered.md`, so the links in it (`templates/x.yaml#L4`) resolve as in the static plan.
 * The text is the last render's; after a window reload the document says to run the command again.
 */
export class RenderedPlanDocuments implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly texts = new Map<string, string>();
  private readonly registrations: vscode.Disposable[];
  readonly onDidChange = this.changed.event;

  constructor() {
    this.registrations = [vscode.workspace.registerTextDocumentContentProvider(RENDERED_PLAN_SCHEME, this), vscode.languages.registerDocumentLinkProvider({ scheme: RENDERED_PLAN_SCHEME }, this)];
  }

  /** Sets the plan of a chart folder and returns its document's URI. */
  set(chartDir: string, markdown: string): vscode.Uri {
    const uri = vscode.Uri.joinPath(vscode.Uri.file(chartDir), 'hook-execution-plan-rendered.md').with({ scheme: RENDERED_PLAN_SCHEME });
    this.texts.set(uri.toString(), markdown);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'No rendered plan yet: run **Helm Hooks: Show Hook Execution Plan (rendered)**.\n';
  }

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    return planLinks(doc);
  }

  dispose(): void {
    for (const r of this.registrations) r.dispose();
    this.changed.dispose();
  }
}
