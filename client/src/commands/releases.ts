import * as vscode from 'vscode';
// Pure and tiny: importing it does not load the cluster bundle.
import { isNamespace } from '../cluster/helm/names';
import { Ctx } from '../ctx';
import { CONTEXT_STATE } from '../views/releases/settings';

/** Reads the cluster again (also the Retry of error rows). */
export function refreshReleases(ctx: Ctx): () => void {
  return () => ctx.releases.reload();
}

/** Picks the namespace the view lists (the helmHooks.namespace setting), or all namespaces. */
export function filterNamespace(ctx: Ctx): () => Promise<void> {
  return async () => {
    const session = ctx.releases.current();
    const seen = new Set(session?.store.releases().map((r) => r.namespace) ?? []);
    if (session !== undefined) seen.add(session.target.namespace);
    const ALL = '$(globe) All namespaces';
    const OTHER = '$(edit) Other namespace…';
    const picked = await vscode.window.showQuickPick([ALL, ...[...seen].sort(), OTHER], { title: 'Show Helm releases of', placeHolder: 'namespace' });
    if (picked === undefined) return;
    let namespace = picked === ALL ? '' : picked;
    if (picked === OTHER) {
      const typed = await vscode.window.showInputBox({
        title: 'Namespace',
        validateInput: (v) => (isNamespace(v.trim()) ? undefined : 'A namespace is a DNS label: lowercase letters, digits and -, at most 63 characters.'),
      });
      if (typed === undefined) return;
      namespace = typed.trim();
    }
    await vscode.workspace.getConfiguration('helmHooks').update('namespace', namespace, vscode.ConfigurationTarget.Global);
    ctx.releases.reload();
  };
}

/** Picks the kube context the view reads; the kubeconfig file itself is left as it is. */
export function switchContext(ctx: Ctx): () => Promise<void> {
  return async () => {
    const session = ctx.releases.current();
    const contexts = session?.contexts ?? [];
    if (contexts.length === 0) {
      void vscode.window.showWarningMessage('Helm Hooks: no kube contexts to choose from (the kubeconfig could not be read).');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      contexts.map((c) => ({ label: c, description: c === session?.target.context ? 'current' : undefined })),
      { title: 'Show Helm releases of kube context' },
    );
    if (picked === undefined) return;
    await ctx.extension.globalState.update(CONTEXT_STATE, picked.label);
    ctx.releases.reload();
  };
}
