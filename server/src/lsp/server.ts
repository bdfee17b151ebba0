import { Connection, DidChangeConfigurationNotification, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentScope } from './documentScope';
import { DEFAULT_SETTINGS, readSettings, ServerSettings } from './settings';
import { Scheduler } from './scheduler';
import { diagnose } from './validation';

/** Wires the engine to a connection: documents in, diagnostics out. Handlers only translate. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const scope = new DocumentScope();
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let canPullConfig = false;
  const scheduler = new Scheduler(() => settings.debounceMs);
  const log = (msg: string): void => connection.console.error(msg);

  // Checks wait for a settings reload in flight, so no diagnostics go out under settings just replaced.
  let settingsLoaded: Promise<void> = Promise.resolve();

  const validate = (doc: TextDocument): void => {
    const version = doc.version;
    scheduler.schedule(doc.uri, () => {
      void settingsLoaded.then(() => {
        const current = documents.get(doc.uri);
        // A newer edit arrived or the document closed: that run supersedes this one.
        if (current === undefined || current.version !== version) return;
        const diagnostics = settings.enable && scope.isTemplate(current.uri, current.languageId) ? diagnose(current, settings, log) : [];
        void connection.sendDiagnostics({ uri: current.uri, version, diagnostics });
      });
    });
  };

  const reloadSettings = (): void => {
    if (canPullConfig) {
      settingsLoaded = connection.workspace.getConfiguration('helmHooks').then(
        (raw) => {
          settings = readSettings(raw);
        },
        (err) => {
          log(`Helm Hooks: could not read settings, using defaults: ${String(err)}`);
          settings = DEFAULT_SETTINGS;
        },
      );
    }
    for (const doc of documents.all()) validate(doc);
  };

  connection.onInitialize((params) => {
    canPullConfig = params.capabilities.workspace?.configuration === true;
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings !== undefined) settings = readSettings(init.settings);
    return {
      capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } },
      serverInfo: { name: 'helm-hooks' },
    };
  });

  connection.onInitialized(() => {
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

  // Fires on open too.
  documents.onDidChangeContent((e) => validate(e.document));
  documents.onDidClose((e) => {
    scheduler.cancel(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onShutdown(() => scheduler.dispose());

  documents.listen(connection);
  connection.listen();
}
