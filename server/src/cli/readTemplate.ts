import * as fs from 'node:fs';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type ReadResult = { ok: true; text: string; notice?: string } | { ok: false; skipped: string } | { ok: false; error: string };

/** Reads a template as text, refusing what cannot be a template: huge files and binary files. */
export function readTemplate(file: string): ReadResult {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (err) {
    return { ok: false, error: `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  if (size > MAX_FILE_BYTES) return { ok: false, skipped: `${file}: skipped, ${(size / 1048576).toFixed(1)} MB is over the 10 MB limit for templates` };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    return { ok: false, error: `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, skipped: `${file}: skipped, binary file (not a template)` };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const notice = text.includes('\uFFFD') && !bytes.includes(Buffer.from('\uFFFD')) ? `${file}: not valid UTF-8; checked with the bad bytes replaced` : undefined;
  return notice ? { ok: true, text, notice } : { ok: true, text };
}
