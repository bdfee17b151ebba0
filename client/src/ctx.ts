import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { Captures } from './views/captures';
import { LogDocuments } from './views/logDocuments';
import { RenderedPlanDocuments } from './views/renderedPlans';
import { Rendering } from './views/rendering';
import { ReleaseTreeProvider } from './views/releases/provider';

/** Handed to every command. */
export interface Ctx {
  extension: vscode.ExtensionContext;
  client: LanguageClient;
  /** Resolves once the language client is running; commands that ask the server wait for it. */
  ready: Promise<void>;
  output: vscode.LogOutputChannel;
  releases: ReleaseTreeProvider;
  /** The capture store of hook runs (issue 14). */
  captures: Captures;
  /** The read-only log documents (helm-hooks-logs:), shared by Show Hook Logs and Show Captured Hook Runs. */
  logs: LogDocuments;
  /** Rendering with the real helm (issue 15): the rendered findings and on-save renders. */
  rendering: Rendering;
  /** The rendered plan documents (helm-hooks-rendered-plan:). */
  renderedPlans: RenderedPlanDocuments;
}
