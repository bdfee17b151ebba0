/**
 * Walks over a file system the engine never touches: a walk is a generator that yields requests (list a
 * folder, what is this entry, read a file) and receives the answers. The walk is written once; a small
 * driver answers it, synchronously from Node's fs (the chart index is synchronous) or asynchronously from
 * VS Code's workspace.fs. `P` is whatever names a location there: a path string, a vscode.Uri.
 */

export type EntryKind = 'file' | 'dir' | 'other';

/** A folder or file, with its own name (the walk never splits or joins locations itself). */
export interface Entry<P> {
  at: P;
  name: string;
}

export interface DirEntry<P> extends Entry<P> {
  /** What the entry is; a link counts as what it points to for files only, so walks never loop. */
  kind: EntryKind;
}

export type Listing<P> = { entries: DirEntry<P>[] } | { error: string };

export type FileRequest<P> =
  | { op: 'list'; dir: P }
  | { op: 'kind'; dir: P; name: string }
  | { op: 'read'; dir: P; name: string };

/** A walk returning T; each request is answered with the result of the matching FileSystem method. */
export type Walk<P, T> = Generator<FileRequest<P>, T, unknown>;

/** The answers, from one file system. Methods do not throw: failures are answers too. */
export interface FileSystem<P> {
  list(dir: P): Listing<P>;
  /** What `name` (a name, or a `/`-separated relative path) inside `dir` is; undefined when absent. */
  kind(dir: P, name: string): EntryKind | undefined;
  read(dir: P, name: string): Uint8Array | undefined;
}

export type AsyncFileSystem<P> = { [K in keyof FileSystem<P>]: (...args: Parameters<FileSystem<P>[K]>) => Promise<ReturnType<FileSystem<P>[K]>> };

export function runSync<P, T>(walk: Walk<P, T>, fs: FileSystem<P>): T {
  for (let step = walk.next(); ; ) {
    if (step.done === true) return step.value;
    const r = step.value;
    step = walk.next(r.op === 'list' ? fs.list(r.dir) : r.op === 'kind' ? fs.kind(r.dir, r.name) : fs.read(r.dir, r.name));
  }
}

export async function runAsync<P, T>(walk: Walk<P, T>, fs: AsyncFileSystem<P>): Promise<T> {
  for (let step = walk.next(); ; ) {
    if (step.done === true) return step.value;
    const r = step.value;
    step = walk.next(r.op === 'list' ? await fs.list(r.dir) : r.op === 'kind' ? await fs.kind(r.dir, r.name) : await fs.read(r.dir, r.name));
  }
}

// The only places an answer's type is asserted: each request has exactly one answer type.
export function* list<P>(dir: P): Walk<P, Listing<P>> {
  return (yield { op: 'list', dir }) as Listing<P>;
}

export function* kind<P>(dir: P, name: string): Walk<P, EntryKind | undefined> {
  return (yield { op: 'kind', dir, name }) as EntryKind | undefined;
}

export function* read<P>(dir: P, name: string): Walk<P, Uint8Array | undefined> {
  return (yield { op: 'read', dir, name }) as Uint8Array | undefined;
}

/** By name, in code-unit order: the same order on every platform and file system. */
export function sortedEntries<P>(entries: readonly DirEntry<P>[]): DirEntry<P>[] {
  return [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
