import { performance } from 'node:perf_hooks';
import { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyzer } from '../../../../engine';
import { ServerContext } from '../context';
import { Scheduler } from '../scheduler';
import { ServerSettings } from '../settings';
import { diagnoseSteps } from '../validation';
import { Feature } from './feature';

/** Diagnostics another feature adds to a document's own, e.g. findings that span several files. */
export type AppendedDiagnostics = (doc: TextDocument) => Diagnostic[];

/**
 * Work an appended source wants done before it is asked for a document, spread over turns of the event
 * loop (reading a whole chart); undefined when there is none, so a keystroke's publish is not delayed.
 */
export type PrepareAppended = (doc: TextDocument) => Promise<void> | undefined;

interface Appended {
  sources: AppendedDiagnostics[];
  prepares: PrepareAppended[];
  recheck: (uris: readonly string[]) => void;
}
const appended = new WeakMap<ServerContext, Appended>();
function appendedFor(ctx: ServerContext): Appended {
  let a = appended.get(ctx);
  if (a === undefined) appended.set(ctx, (a = { sources: [], prepares: [], recheck: () => undefined }));
  return a;
}

/**
 * Appends `source`'s diagnostics to every published set (it must not throw; neither may `prepare`).
 * Returns a function that publishes the given open documents again: for when the appended findings change
 * without an edit to them (their own findings are reused when the text has not changed since).
 */
export function appendDiagnostics(ctx: ServerContext, source: AppendedDiagnostics, prepare?: PrepareAppended): (uris: readonly string[]) => void {
  const a = appendedFor(ctx);
  a.sources.push(source);
  if (prepare !== undefined) a.prepares.push(prepare);
  return (uris) => a.recheck(uris);
}

/** Push diagnostics: checked on open and change, for the last version of a burst; cleared on close. */
export const diagnosticsFeature: Feature = {
  capabilities: {},
  register(ctx: ServerContext): void {
    const { connection, documents } = ctx;
    const scheduler = new Scheduler(() => ctx.settings().debounceMs);
    const extra = appendedFor(ctx);
    // The document's own findings as last published, so that appended findings that changed without an
    // edit go out again without checking the whole text again.
    const own = new Map<string, { version: number; settings: ServerSettings; diagnostics: Diagnostic[] }>();
    const analyzers = new Map<string, DocumentAnalyzer>();
    const analyzerOf = (uri: string): DocumentAnalyzer => {
      let a = analyzers.get(uri);
      if (a === undefined) analyzers.set(uri, (a = new DocumentAnalyzer()));
      return a;
    };

    // The document's own check under way, so that a second publish of the same version waits for it.
    const checking = new Map<string, { version: number; settings: ServerSettings; result: Promise<Diagnostic[] | undefined> }>();
    /**
     * The document's own findings, read in slices of about SLICE_MS with a turn of the event loop between
     * them: opening a template of hundreds of YAML documents reads every one of them. An edit reads only
     * the documents it changed, nearly always within the first slice. Undefined when the document changed
     * (or the settings did) before the check was done: the newer version's check replaces it.
     */
    const ownFindings = (doc: TextDocument, settings: ServerSettings): Promise<Diagnostic[] | undefined> => {
      const running = checking.get(doc.uri);
      if (running !== undefined && running.version === doc.version && running.settings === settings) return running.result;
      const { version } = doc;
      const steps = diagnoseSteps(doc, settings, (m) => ctx.log(m), analyzerOf(doc.uri));
      const result = (async (): Promise<Diagnostic[] | undefined> => {
        for (;;) {
          const until = performance.now() + SLICE_MS;
          let next = steps.next();
          while (next.done !== true && performance.now() < until) next = steps.next();
          if (next.done === true) return next.value;
          await nextTurn();
          if (documents.get(doc.uri)?.version !== version || ctx.settings() !== settings) return undefined;
        }
      })();
      const entry = { version, settings, result };
      checking.set(doc.uri, entry);
      const done = (): void => {
        if (checking.get(doc.uri) === entry) checking.delete(doc.uri);
      };
      result.then(done, done);
      return result;
    };

    /** Publishes for the document's current version; `reuseOwn`: its own findings may come from `own`. */
    const validate = (doc: TextDocument, reuseOwn = false): void => {
      const version = doc.version;
      scheduler.schedule(doc.uri, () => {
        void ctx.settingsLoaded().then(async () => {
          let current = documents.get(doc.uri);
          // A newer edit arrived or the document closed: that run supersedes this one.
          if (current === undefined || current.version !== version) return;
          const waits = ctx.settings().enable && ctx.isServed(current) ? extra.prepares.map((p) => p(current as TextDocument)).filter((w) => w !== undefined) : [];
          if (waits.length > 0) {
            await Promise.all(waits);
            current = documents.get(doc.uri);
            if (current === undefined || current.version !== version) return;
          }
          const settings = ctx.settings();
          if (!settings.enable || !ctx.isServed(current)) {
            own.delete(current.uri);
            void connection.sendDiagnostics({ uri: current.uri, version, diagnostics: [] });
            return;
          }
          const cached = own.get(current.uri);
          let mine: Diagnostic[];
          if (reuseOwn && cached?.version === version && cached.settings === settings) mine = cached.diagnostics;
          else {
            const checked = await ownFindings(current, settings);
            current = documents.get(doc.uri);
            if (checked === undefined || current === undefined || current.version !== version || ctx.settings() !== settings) return;
            mine = checked;
          }
          own.set(current.uri, { version, settings, diagnostics: mine });
          void connection.sendDiagnostics({ uri: current.uri, version, diagnostics: [...mine, ...extra.sources.flatMap((s) => s(current))] });
        }).catch((err: unknown) => {
          // Unhandled, a throw in a check would take the whole server down; one document's check failing must not.
          ctx.log(`Checking ${doc.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        });
      });
    };

    // Fires on open too.
    documents.onDidChangeContent((e) => validate(e.document));
    documents.onDidClose((e) => {
      scheduler.cancel(e.document.uri);
      own.delete(e.document.uri);
      checking.delete(e.document.uri);
      analyzers.delete(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
    ctx.onSettingsChanged(() => documents.all().forEach((d) => validate(d)));
    extra.recheck = (uris) => {
      for (const uri of uris) {
        const doc = documents.get(uri);
        if (doc !== undefined) validate(doc, true);
      }
    };
    connection.onShutdown(() => scheduler.dispose());
  },
};

/** Work per turn of the event loop in a document's first check. */
const SLICE_MS = 8;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
