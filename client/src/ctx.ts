import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';

/** Handed to every command: proof that the language client is running, and where to register disposables. */
export interface Ctx {
  extension: vscode.ExtensionContext;
  client: LanguageClient;
  output: vscode.LogOutputChannel;
}
