/** The extension finds helm as the CLI does: one implementation, in node/helm/locate.ts. */
export { locateHelm } from '../../../../node/helm/locate';
