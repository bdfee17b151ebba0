import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { ReleaseTreeProvider } from './views/releases/provider';

/** Handed to every command. */
export interface Ctx {
  extension: vscode.ExtensionContext;
  client: LanguageClient;
  /** Resolves once the language client is running; commands that ask the server wait for it. */
  ready: Promise<void>;
  output: vscode.LogOutputChannel;
  releases: ReleaseTreeProvider;
}
