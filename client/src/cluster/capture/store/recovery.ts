import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { StoredLog } from './bounded';
import { code, ignoreMissing } from './privateFs';
import { RUN_FILE } from './runFile';

// What a writer that died leaves behind: log bytes past the last commit of run.json (the follower will read
// those lines again, so keeping them would double them), segments made or rotated out after it, temp files.

const LOG_FILE = /^c\d+\.(head|tail\.\d+)\.log$/;

/** Cuts every log back to the lengths run.json committed and removes files it does not name. */
export async function cutBackTo(dir: string, logs: StoredLog[]): Promise<void> {
  const kept = new Map<string, number>();
  for (const log of logs) for (const part of [log.head, ...log.tail]) kept.set(part.file, part.bytes);
  for (const name of await fs.readdir(dir)) {
    const file = path.join(dir, name);
    const bytes = kept.get(name);
    if (bytes !== undefined) {
      const st = await ignoreMissing(fs.stat(file));
      if (st && st.size > bytes) await fs.truncate(file, bytes);
    } else if (LOG_FILE.test(name) || name.endsWith('.tmp')) {
      await unlinkIfThere(file);
    }
  }
}

/** Starts a run afresh: no run.json (or one this build cannot read), so no log file can be trusted. */
export async function wipe(dir: string): Promise<void> {
  for (const name of await fs.readdir(dir)) {
    if (LOG_FILE.test(name) || name.endsWith('.tmp') || name === RUN_FILE) await unlinkIfThere(path.join(dir, name));
  }
}

async function unlinkIfThere(file: string): Promise<void> {
  await fs.unlink(file).catch((err: unknown) => {
    if (code(err) !== 'ENOENT') throw err;
  });
}
