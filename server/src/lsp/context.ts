import { Connection, InitializeParams, TextDocumentContentChangeEvent, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentScope } from './documentScope';
import { ServerSettings } from './settings';

/** What every feature may use; features never reach the connection's setup. */
export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  scope: DocumentScope;
  /** Current settings; callers must not keep the object across awaits. */
  settings(): ServerSettings;
  /** Resolves when a settings reload in flight is done. */
  settingsLoaded(): Promise<void>;
  onSettingsChanged(listener: () => void): void;
  /**
   * The changes of each `didChange`, heard before the document is updated and before
   * `documents.onDidChangeContent` fires: for keeping positions computed on an earlier version in place.
   */
  onContentChanges(listener: (uri: string, changes: readonly TextDocumentContentChangeEvent[]) => void): void;
  /** True when the document is a chart template the server serves. */
  isServed(doc: TextDocument): boolean;
  log(message: string): void;
  /** The client's `initialize` request (workspace folders, client capabilities); undefined before it. */
  initializeParams(): InitializeParams | undefined;
  /** Runs after the client's `initialized` notification, when dynamic registrations may be made. */
  onInitialized(listener: () => void): void;
}
