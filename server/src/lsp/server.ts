import { Connection, DidChangeConfigurationNotification, InitializeParams, ServerCapabilities, TextDocumentContentChangeEvent, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerContext } from './context';
import { DocumentScope } from './documentScope';
import { FEATURES } from './features';
import { registerLoopDelay } from './loopDelay';
import { DEFAULT_SETTINGS, readSettings, ServerSettings } from './settings';

/** Sets up the connection, documents and settings, then lets each feature register its handlers. */
export function startServer(connection: Connection): void {
  const changeListeners: ((uri: string, changes: readonly TextDocumentContentChangeEvent[]) => void)[] = [];
  // TextDocuments owns the connection's didChange handler: its update hook is where the changes are seen.
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (doc, changes, version) => {
      for (const l of changeListeners) l(doc.uri, changes);
      return TextDocument.update(doc, changes, version);
    },
  });
  const scope = new DocumentScope();
  const listeners: (() => void)[] = [];
  const initializedListeners: (() => void)[] = [];
  let initializeParams: InitializeParams | undefined;
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let canPullConfig = false;
  // Checks wait for a settings reload in flight, so nothing goes out under settings just replaced.
  let loading: Promise<void> = Promise.resolve();

  const ctx: ServerContext = {
    connection,
    documents,
    scope,
    settings: () => settings,
    settingsLoaded: () => loading,
    onSettingsChanged: (l) => listeners.push(l),
    onContentChanges: (l) => changeListeners.push(l),
    isServed: (doc) => scope.isTemplate(doc.uri, doc.languageId),
    log: (m) => connection.console.error(m),
    initializeParams: () => initializeParams,
    onInitialized: (l) => initializedListeners.push(l),
  };

  const reloadSettings = (): void => {
    if (canPullConfig) {
      loading = connection.workspace.getConfiguration('helmHooks').then(
        (raw) => {
          settings = readSettings(raw);
        },
        (err) => {
          ctx.log(`Helm Hooks: could not read settings, using defaults: ${String(err)}`);
          settings = DEFAULT_SETTINGS;
        },
      );
    }
    for (const l of listeners) l();
  };

  connection.onInitialize((params) => {
    initializeParams = params;
    canPullConfig = params.capabilities.workspace?.configuration === true;
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings !== undefined) settings = readSettings(init.settings);
    const capabilities: ServerCapabilities = { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } };
    for (const f of FEATURES) Object.assign(capabilities, f.capabilities);
    return { capabilities, serverInfo: { name: 'helm-hooks' } };
  });

  connection.onInitialized(() => {
    for (const l of initializedListeners) l();
    if (canPullConfig) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'helmHooks' }).catch(() => undefined);
      reloadSettings();
    }
  });

  connection.onDidChangeConfiguration((change) => {
    if (!canPullConfig) settings = readSettings((change.settings as { helmHooks?: unknown } | undefined)?.helmHooks);
    scope.forget();
    reloadSettings();
  });

  for (const f of FEATURES) f.register(ctx);
  registerLoopDelay(connection);
  documents.listen(connection);
  connection.listen();
}
