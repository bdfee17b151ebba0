import * as vscode from 'vscode';

/** The cluster layer's API; its code (and @kubernetes/client-node) is loaded on first use only. */
export type ClusterModule = typeof import('../../cluster');

let loaded: ClusterModule | undefined;

/** Loads dist/cluster.js, the separately bundled cluster layer, once. */
export function clusterModule(extension: vscode.ExtensionContext): ClusterModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(extension.asAbsolutePath('dist/cluster.js')) as ClusterModule;
  return loaded;
}

/** True once the cluster layer was loaded (a host test checks it is not at activation). */
export function clusterModuleLoaded(): boolean {
  return loaded !== undefined;
}
