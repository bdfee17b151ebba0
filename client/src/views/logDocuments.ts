import * as vscode from 'vscode';

export const LOGS_SCHEME = 'helm-hooks-logs';

interface Shown {
  text: string;
  /** Stops following when the document closes. */
  stop: AbortController;
}

/**
 * Read-only documents of hook logs, one per hook (`helm-hooks-logs:/NS/RELEASE/rev-N/HOOK.log`). Lines
 * that arrive while following are appended in batches; closing the document stops the following.
 */
export class LogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, Shown>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(LOGS_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme !== LOGS_SCHEME) return;
        this.docs.get(d.uri.toString())?.stop.abort();
        this.docs.delete(d.uri.toString());
      }),
    ];
  }

  /** A fresh document (any earlier one of the same hook stops following); returns its URI and stop signal. */
  open(path: string, text: string): { uri: vscode.Uri; signal: AbortSignal } {
    const uri = vscode.Uri.from({ scheme: LOGS_SCHEME, path });
    this.docs.get(uri.toString())?.stop.abort();
    const shown = { text, stop: new AbortController() };
    this.docs.set(uri.toString(), shown);
    this.changed.fire(uri);
    return { uri, signal: shown.stop.signal };
  }

  append(uri: vscode.Uri, text: string): void {
    const shown = this.docs.get(uri.toString());
    if (shown === undefined) return;
    shown.text += text;
    this.pending.add(uri.toString());
    // Redraw at most ten times a second, however fast lines come.
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      for (const u of this.pending) this.changed.fire(vscode.Uri.parse(u));
      this.pending.clear();
    }, 100);
  }

  /** Replaces the first `marker` in the document (a placeholder written at open) with `text`. */
  replace(uri: vscode.Uri, marker: string, text: string): void {
    const shown = this.docs.get(uri.toString());
    if (shown === undefined || !shown.text.includes(marker)) return;
    shown.text = shown.text.replace(marker, () => text);
    this.append(uri, '');
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString())?.text ?? 'These logs are no longer at hand: show them again from the Helm Release Hooks view.\n';
  }

  dispose(): void {
    for (const d of this.docs.values()) d.stop.abort();
    this.docs.clear();
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
