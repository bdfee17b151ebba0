// @kubernetes/client-node 1.x is an ES module. Node 20.19+ (and the bundle) load it with require(); the
// types come through an import-mode type reference, since TypeScript still refuses require() of ESM.
import type * as ClientNode from '@kubernetes/client-node/dist/config.js' with { 'resolution-mode': 'import' };

export type KubeConfig = ClientNode.KubeConfig;

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const clientNode = require('@kubernetes/client-node/dist/config.js') as typeof ClientNode;
