import { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerContext } from '../context';
import { Scheduler } from '../scheduler';
import { diagnose } from '../validation';
import { Feature } from './feature';

/** Diagnostics another feature adds to a document's own, e.g. findings that span several files. */
export type AppendedDiagnostics = (doc: TextDocument) => Diagnostic[];

interface Appended {
  sources: AppendedDiagnostics[];
  recheck: (uris: readonly string[]) => void;
}
const appended = new WeakMap<ServerContext, Appended>();
function appendedFor(ctx: ServerContext): Appended {
  let a = appended.get(ctx);
  if (a === undefined) appended.set(ctx, (a = { sources: [], recheck: () => undefined }));
  return a;
}

/**
 * Appends `source`'s diagnostics to every published set (it must not throw). Returns a function that
 * checks the given open documents again: for when the appended findings change without an edit to them.
 */
export function appendDiagnostics(ctx: ServerContext, source: AppendedDiagnostics): (uris: readonly string[]) => void {
  const a = appendedFor(ctx);
  a.sources.push(source);
  return (uris) => a.recheck(uris);
}

/** Push diagnostics: checked on open and change, for the last version of a burst; cleared on close. */
export const diagnosticsFeature: Feature = {
  capabilities: {},
  register(ctx: ServerContext): void {
    const { connection, documents } = ctx;
    const scheduler = new Scheduler(() => ctx.settings().debounceMs);
    const extra = appendedFor(ctx);

    const validate = (doc: TextDocument): void => {
      const version = doc.version;
      scheduler.schedule(doc.uri, () => {
        void ctx.settingsLoaded().then(() => {
          const current = documents.get(doc.uri);
          // A newer edit arrived or the document closed: that run supersedes this one.
          if (current === undefined || current.version !== version) return;
          const settings = ctx.settings();
          const diagnostics =
            settings.enable && ctx.isServed(current) ? [...diagnose(current, settings, (m) => ctx.log(m)), ...extra.sources.flatMap((s) => s(current))] : [];
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
    extra.recheck = (uris) => {
      for (const uri of uris) {
        const doc = documents.get(uri);
        if (doc !== undefined) validate(doc);
      }
    };
    connection.onShutdown(() => scheduler.dispose());
  },
};
