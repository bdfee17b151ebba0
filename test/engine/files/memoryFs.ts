/** An in-memory file system for the engine's chart walks: `/`-separated paths, folders implied by files. */
import { AsyncFileSystem, EntryKind, FileSystem, Listing } from '../../../engine';

export interface MemoryFs extends FileSystem<string> {
  /** Every request answered, as `op path`, in order. */
  log: string[];
}

export function memoryFs(files: Record<string, string | Uint8Array>, opts: { unreadable?: string[]; links?: Record<string, string> } = {}): MemoryFs {
  const content = new Map(Object.entries(files).map(([p, c]) => [p, typeof c === 'string' ? new TextEncoder().encode(c) : c]));
  const links = opts.links ?? {};
  const join = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);
  const kindOf = (p: string): EntryKind | undefined => {
    if (links[p] !== undefined) return kindOf(links[p]) === 'file' ? 'file' : 'other';
    if (content.has(p)) return 'file';
    return [...content.keys(), ...Object.keys(links)].some((f) => f.startsWith(p === '' ? '' : `${p}/`)) ? 'dir' : undefined;
  };
  const log: string[] = [];
  return {
    log,
    list(dir): Listing<string> {
      log.push(`list ${dir}`);
      if (opts.unreadable?.includes(dir)) return { error: 'EACCES' };
      if (kindOf(dir) !== 'dir') return { error: 'ENOENT' };
      const prefix = dir === '' ? '' : `${dir}/`;
      const names = new Set([...content.keys(), ...Object.keys(links)].filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length).split('/')[0]));
      // Unsorted on purpose: walks must sort themselves.
      return { entries: [...names].reverse().map((name) => ({ at: join(dir, name), name, kind: kindOf(join(dir, name))! })) };
    },
    kind(dir, name) {
      log.push(`kind ${join(dir, name)}`);
      return kindOf(join(dir, name));
    },
    read(dir, name) {
      const p = join(dir, name);
      log.push(`read ${p}`);
      return content.get(links[p] ?? p);
    },
  };
}

export function asAsync<P>(fs: FileSystem<P>): AsyncFileSystem<P> {
  return {
    // A microtask later, as a real file system answers: a throw becomes a rejection.
    list: (dir) => Promise.resolve().then(() => fs.list(dir)),
    kind: (dir, name) => Promise.resolve().then(() => fs.kind(dir, name)),
    read: (dir, name) => Promise.resolve().then(() => fs.read(dir, name)),
  };
}
