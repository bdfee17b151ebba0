import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { COMMANDS } from './commands';
import { Ctx } from './ctx';

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
  const output = vscode.window.createOutputChannel('Helm Hooks', { log: true });
  context.subscriptions.push(output);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'helmHooks' },
    outputChannel: output,
  };
  client = new LanguageClient('helmHooks', 'Helm Hooks', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();

  const ctx: Ctx = { extension: context, client, output };
  for (const [id, factory] of Object.entries(COMMANDS)) context.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
