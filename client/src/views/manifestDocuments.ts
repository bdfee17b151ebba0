import * as vscode from 'vscode';

export const MANIFEST_SCHEME = 'helm-hooks-manifest';

/**
 * Read-only documents of stored hook manifests (`helm-hooks-manifest:/NS/RELEASE/rev-N/KIND-NAME.yaml`).
 * Their text was redacted before it got here; it lives only in memory, for as long as the extension runs.
 */
export class ManifestDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(MANIFEST_SCHEME, this);
  }

  put(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: MANIFEST_SCHEME, path });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# This manifest is no longer at hand: show it again from the Helm Release Hooks view.\n';
  }
}
