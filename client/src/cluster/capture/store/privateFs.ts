import * as fs from 'node:fs/promises';
import * as path from 'node:path';

// Captured logs can hold secrets a hook printed: everything the store creates is readable by the user only.
// The mode is given at creation (umask can only narrow it), so no window exists where another user could read.

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Creates `dir` and its missing parents from `root` down (root included), each 0700. */
export async function mkdirPrivate(root: string, dir: string): Promise<void> {
  const rel = path.relative(root, dir);
  const parts = rel === '' ? [] : rel.split(path.sep);
  // A prune in another window may remove an empty parent between two steps: start again from the top.
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.mkdir(root, { recursive: true, mode: DIR_MODE });
      let at = root;
      for (const p of parts) {
        at = path.join(at, p);
        await fs.mkdir(at, { mode: DIR_MODE }).catch((err: unknown) => {
          if (code(err) !== 'EEXIST') throw err;
        });
      }
      return;
    } catch (err) {
      if (code(err) !== 'ENOENT' || attempt >= 5) throw err;
    }
  }
}

/** Writes a whole file so readers see the old or the new content, never a mix (write aside, then rename). */
export async function writeAtomic(file: string, data: string, tmpTag: string): Promise<void> {
  const tmp = `${file}.${tmpTag}.tmp`;
  const fh = await fs.open(tmp, 'w', FILE_MODE);
  try {
    await fh.writeFile(data);
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
}

/** Appends bytes, creating the file 0600 when missing. */
export async function appendPrivate(file: string, chunks: Buffer[]): Promise<void> {
  const fh = await fs.open(file, 'a', FILE_MODE);
  try {
    await fh.writeFile(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  } finally {
    await fh.close();
  }
}

export function code(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

export async function ignoreMissing<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (code(err) === 'ENOENT') return undefined;
    throw err;
  }
}
