import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerContext } from '../context';
import { Scheduler } from '../scheduler';
import { diagnose } from '../validation';
import { Feature } from './feature';

/** Push diagnostics: checked on open and change, for the last version of a burst; cleared on close. */
export const diagnosticsFeature: Feature = {
  capabilities: {},
  register(ctx: ServerContext): void {
    const { connection, documents } = ctx;
    const scheduler = new Scheduler(() => ctx.settings().debounceMs);

    const validate = (doc: TextDocument): void => {
      const version = doc.version;
      scheduler.schedule(doc.uri, () => {
        void ctx.settingsLoaded().then(() => {
          const current = documents.get(doc.uri);
          // A newer edit arrived or the document closed: that run supersedes this one.
          if (current === undefined || current.version !== version) return;
          const settings = ctx.settings();
          const diagnostics = settings.enable && ctx.isServed(current) ? diagnose(current, settings, (m) => ctx.log(m)) : [];
          void connection.sendDiagnostics({ uri: current.uri, version, diagnostics });
        });
      });
    };

    // Fires on open too.
    documents.onDidChangeContent((e) => validate(e.document));
    documents.onDidClose((e) => {
      scheduler.cancel(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
    ctx.onSettingsChanged(() => documents.all().forEach(validate));
    connection.onShutdown(() => scheduler.dispose());
  },
};
