import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';

/** Handed to every command; commands run only once `ready` resolved (the language client is running). */
export interface Ctx {
  extension: vscode.ExtensionContext;
  client: LanguageClient;
  ready: Promise<void>;
  output: vscode.LogOutputChannel;
}
