import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_TEMPLATE_BYTES } from '../../../engine';
import { ChartIndex, Release } from '../charts/chartIndex';
import { ServerContext } from './context';

/**
 * The server's one chart index, kept in step with the editor: open documents override the disk, and
 * `workspace/didChangeWatchedFiles` (registered when the client can) updates closed files. Features ask it
 * for the release of a document and hear when releases change because of other files.
 */
export interface ChartSync {
  index: ChartIndex;
  /** Absolute path of a `file:` URI; undefined for other schemes. */
  fileOf(uri: string): string | undefined;
  uriOf(file: string): string;
  /**
   * The file and text of a document that may hold hooks: a `file:` URI, text under the size limit,
   * mentioning `helm.sh/hook`. Others have no place in a hook order, and need no chart read.
   */
  hookDocument(doc: TextDocument): { file: string; text: string } | undefined;
  /** The release holding the file of `uri`, loaded on first use. */
  releaseOf(uri: string): Release | undefined;
  /** Root charts under the workspace folders (a walk for Chart.yaml files; nothing is read). */
  workspaceCharts(): string[];
  /** Called (batched) after files of loaded releases changed, or an open template was edited. */
  onChanged(listener: (change: ChartChange) => void): void;
  /** Open documents (URIs) whose files are templates of the release. */
  openIn(release: Release): string[];
}

export interface ChartChange {
  /** The releases that changed; undefined when the chart layout changed and any may have. */
  releases: Release[] | undefined;
  /** Open documents edited in this batch (their own diagnostics went out with each edit already). */
  edited: ReadonlySet<string>;
}

/** Glob patterns of the files the index reads: templates and chart metadata. */
export const WATCHED = ['**/templates/**', '**/Chart.yaml'];

/**
 * Features hear about changes once none came for this long: one recheck per burst of keystrokes, and
 * none while edits stream in faster than that (each edit is published at once; release-wide work waits).
 */
const CHANGE_DELAY_MS = 50;
/** A stream of changes with no such pause is still handed out this often. */
const MAX_CHANGE_DELAY_MS = 1000;

const instances = new WeakMap<ServerContext, ChartSync>();

export function chartSync(ctx: ServerContext): ChartSync {
  let sync = instances.get(ctx);
  if (sync === undefined) instances.set(ctx, (sync = create(ctx)));
  return sync;
}

function create(ctx: ServerContext): ChartSync {
  const { connection, documents } = ctx;
  // Open documents by file path (URIs of one file may be spelled differently; paths are not).
  const open = new Map<string, string>();
  const index = new ChartIndex(
    (file) => {
      const uri = open.get(file);
      const doc = uri === undefined ? undefined : documents.get(uri);
      return doc === undefined ? undefined : { text: doc.getText(), version: doc.version, lineOf: (offset) => doc.positionAt(offset).line };
    },
    (m) => ctx.log(m),
  );
  const listeners: ((change: ChartChange) => void)[] = [];

  /** Only templates follow the editor; Chart.yaml is read from disk (its changes come as watched files). */
  const templateOf = (uri: string): string | undefined => {
    const file = fileOf(uri);
    return file === undefined || path.basename(file) === 'Chart.yaml' ? undefined : file;
  };
  const fileOf = (uri: string): string | undefined => {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  };

  // Changes are collected and handed out together.
  let pending: Set<Release> | 'all' | undefined;
  let edited = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let firstAt: number | undefined;
  const handOut = (): void => {
    timer = undefined;
    firstAt = undefined;
    const batch = pending;
    const change: ChartChange = { releases: batch === 'all' || batch === undefined ? undefined : [...batch], edited };
    pending = undefined;
    edited = new Set();
    // Each listener in its own turn: each may read a whole release, and a keystroke between them goes first.
    for (const l of listeners) setImmediate(() => l(change));
  };
  const changed = (releases: Release[] | 'all', editedUri?: string): void => {
    if (releases !== 'all' && releases.length === 0 && editedUri === undefined) return;
    if (editedUri !== undefined) edited.add(editedUri);
    if (releases === 'all' || pending === 'all') pending = 'all';
    else {
      pending ??= new Set();
      for (const r of releases) pending.add(r);
    }
    const now = Date.now();
    firstAt ??= now;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(handOut, Math.max(0, Math.min(CHANGE_DELAY_MS, firstAt + MAX_CHANGE_DELAY_MS - now)));
  };

  /** Releases already loaded that hold `file` as a template. */
  const loadedWith = (file: string): Release[] => index.loaded().filter((r) => index.entryOf(r, file) !== undefined);

  // onDidChangeContent fires on open too, with the same event: an open is not an edit.
  const opens = new WeakSet<object>();
  documents.onDidOpen((e) => {
    opens.add(e);
    const file = templateOf(e.document.uri);
    if (file === undefined) return;
    open.set(file, e.document.uri);
    // A new, unsaved template joins its chart while it is open.
    changed(index.fileChanged(file, 'changed'));
  });
  documents.onDidChangeContent((e) => {
    const file = templateOf(e.document.uri);
    if (file === undefined || opens.has(e)) return;
    // Told even when no loaded release holds the file: the edit may have written its first hook.
    changed(loadedWith(file), e.document.uri);
  });
  documents.onDidClose((e) => {
    const file = templateOf(e.document.uri);
    if (file === undefined) return;
    open.delete(file);
    // Back to the text on disk (or gone, if it was never saved).
    changed(index.fileChanged(file, 'changed'));
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const c of changes) {
      const file = fileOf(c.uri);
      if (file === undefined) continue;
      const kind = c.type === FileChangeType.Created ? 'created' : c.type === FileChangeType.Deleted ? 'deleted' : 'changed';
      const before = index.loaded().length;
      const affected = index.fileChanged(file, kind);
      // Releases were dropped (chart layout changed): any open document may now belong elsewhere.
      changed(index.loaded().length < before || file.endsWith('Chart.yaml') ? 'all' : affected);
    }
  });

  ctx.onInitialized(() => {
    const watch = ctx.initializeParams()?.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    if (!watch) return;
    void connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED.map((globPattern) => ({ globPattern })) })
      .catch((err: unknown) => ctx.log(`Helm Hooks: could not watch chart files: ${String(err)}`));
  });

  const workspaceCharts = (): string[] => {
    const params = ctx.initializeParams();
    const folders = params?.workspaceFolders?.map((f) => f.uri) ?? (params?.rootUri ? [params.rootUri] : []);
    return index.discover(folders.map(fileOf).filter((f): f is string => f !== undefined));
  };

  const hookDocument = (doc: TextDocument): { file: string; text: string } | undefined => {
    const file = fileOf(doc.uri);
    if (file === undefined) return undefined;
    const text = doc.getText();
    // Binary text is refused by the index itself (no hooks), so it needs no pass here.
    if (text.length > MAX_TEMPLATE_BYTES || !text.includes('helm.sh/hook')) return undefined;
    return { file, text };
  };

  return {
    index,
    fileOf,
    hookDocument,
    uriOf: (file) => pathToFileURL(file).href,
    releaseOf: (uri) => {
      const file = fileOf(uri);
      const release = file === undefined ? undefined : index.releaseOf(file);
      // Loaded after the document opened, from disk: an unsaved new template is not listed there yet.
      if (release !== undefined && file !== undefined && open.has(file) && index.entryOf(release, file) === undefined) index.fileChanged(file, 'changed');
      return release;
    },
    workspaceCharts,
    onChanged: (l) => listeners.push(l),
    openIn: (release) => [...open].filter(([file]) => index.entryOf(release, file) !== undefined).map(([, uri]) => uri),
  };
}
