import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Documents the server checks: helm templates, and YAML under a templates/ folder (the server confirms Chart.yaml). */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'helm' },
  { scheme: 'untitled', language: 'helm' },
  { scheme: 'file', language: 'yaml', pattern: '**/templates/**' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'helmHooks' },
    outputChannelName: 'Helm Hooks',
  };
  client = new LanguageClient('helmHooks', 'Helm Hooks', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
