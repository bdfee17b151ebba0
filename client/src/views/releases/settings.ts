import * as vscode from 'vscode';

/** The view's settings, plus the context picked in the UI (kept by the extension, never in the kubeconfig). */
export interface ViewSettings {
  kubeconfig: string | undefined;
  context: string | undefined;
  namespace: string | undefined;
  drivers: string[];
  requestTimeoutMs: number;
  hookTimeoutMs: number;
}

export const CONTEXT_STATE = 'helmHooks.context';

export function viewSettings(extension: vscode.ExtensionContext): ViewSettings {
  const c = vscode.workspace.getConfiguration('helmHooks');
  const namespace = c.get<string>('namespace', '').trim();
  const drivers = c.get<string[]>('storageDrivers', ['secret', 'configmap']).filter((d) => d === 'secret' || d === 'configmap');
  return {
    kubeconfig: c.get<string>('kubeconfig', '').trim() || undefined,
    context: extension.globalState.get<string>(CONTEXT_STATE) || undefined,
    namespace: namespace === '' ? undefined : namespace,
    drivers: drivers.length > 0 ? drivers : ['secret'],
    requestTimeoutMs: Math.max(1, c.get<number>('requestTimeoutSeconds', 15)) * 1000,
    hookTimeoutMs: Math.max(1, c.get<number>('hookTimeoutSeconds', 300)) * 1000,
  };
}
