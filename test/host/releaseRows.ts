import * as vscode from 'vscode';
import { waitFor } from './util';

// The release view's rows as VS Code draws them, read through its provider (the same calls the tree makes),
// for the host tests of the cluster mode.

/** A row of the view: the node and its TreeItem. */
export interface Row {
  node: unknown;
  item: vscode.TreeItem;
}

export async function rows(provider: vscode.TreeDataProvider<unknown>, parent?: Row): Promise<Row[]> {
  const nodes = (await provider.getChildren(parent?.node)) ?? [];
  return Promise.all(nodes.map(async (node) => ({ node, item: await provider.getTreeItem(node) })));
}

export const label = (r: Row): string => (typeof r.item.label === 'string' ? r.item.label : (r.item.label?.label ?? ''));
export const text = (r: Row): string => `${label(r)} ${String(r.item.description ?? '')}`;

/** The child of `parent` labelled `name`, waiting for it to appear. */
export async function find(provider: vscode.TreeDataProvider<unknown>, parent: Row | undefined, name: string, what: string): Promise<Row> {
  let seen: string[] = [];
  return waitFor(`${what} (seen: ${seen.join(' | ')})`, async () => {
    const rs = await rows(provider, parent);
    seen = rs.map(text);
    return rs.find((r) => label(r) === name);
  }, 30_000, 200);
}

/** The row of a release, reached as a user expands context and namespace. */
export async function releaseRow(provider: vscode.TreeDataProvider<unknown>, namespace: string, release: string): Promise<Row> {
  const context = (await rows(provider)).find((r) => r.item.contextValue === 'helmHooks.context');
  const ns = await find(provider, context, namespace, `namespace ${namespace}`);
  return find(provider, ns, release, `release ${release}`);
}
