import { readTemplateFile } from '../charts/nodeFiles';

export type ReadResult = { ok: true; text: string; notice?: string } | { ok: false; skipped: string } | { ok: false; error: string };

/** Reads a template as text, refusing what cannot be a template (the engine's gate), worded for the CLI. */
export function readTemplate(file: string): ReadResult {
  const read = readTemplateFile(file);
  if ('unreadable' in read) return { ok: false, error: `${file}: cannot read (${read.unreadable})` };
  if ('skipped' in read) {
    const why = read.reason === 'too-large' ? `${(read.size / 1048576).toFixed(1)} MB is ${read.skipped}` : `${read.skipped} (not a template)`;
    return { ok: false, skipped: `${file}: skipped, ${why}` };
  }
  return read.invalidUtf8 ? { ok: true, text: read.text, notice: `${file}: not valid UTF-8; checked with the bad bytes replaced` } : { ok: true, text: read.text };
}
