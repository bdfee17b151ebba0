/**
 * Which files are read as templates, and how their bytes become text: the same gate for the language
 * server, the CLI and open editors, so a file is skipped (or not) everywhere alike.
 */

/** Larger files are not templates anyone edits; skipping them keeps the editor responsive. */
export const MAX_TEMPLATE_BYTES = 10 * 1024 * 1024;
/** A NUL among the first bytes marks a binary file, as git judges it. */
export const BINARY_PROBE = 8192;

// The engine's lib has neither DOM nor Node types, yet TextDecoder is a global of every runtime it runs in
// (Node, VS Code, browsers): declared here, for this module only, with the little that is used.
declare const TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };

export interface TemplateSkip {
  /** Why, in words: `over the 10 MB limit for templates`, `binary file`. */
  skipped: string;
  reason: 'too-large' | 'binary';
  /** Bytes on disk, or characters of an editor's text. */
  size: number;
}

export interface DecodedTemplate {
  text: string;
  /** Not valid UTF-8: the bad bytes became U+FFFD. */
  invalidUtf8: boolean;
}

/** The skip for a file of `size` bytes, when too large; checked before reading it. */
export function templateSizeSkip(size: number): TemplateSkip | undefined {
  return size > MAX_TEMPLATE_BYTES ? { skipped: 'over the 10 MB limit for templates', reason: 'too-large', size } : undefined;
}

/** A template's bytes as text (UTF-8, any BOM dropped), or why it is skipped. */
export function templateText(bytes: Uint8Array): DecodedTemplate | TemplateSkip {
  const tooLarge = templateSizeSkip(bytes.length);
  if (tooLarge !== undefined) return tooLarge;
  if (bytes.subarray(0, BINARY_PROBE).includes(0)) return binary(bytes.length);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), invalidUtf8: false };
  } catch {
    return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes), invalidUtf8: true };
  }
}

/** An editor's text, refused when it cannot be a template; binary is judged by its start, as on disk. */
export function checkTemplateText(text: string): string | TemplateSkip {
  const tooLarge = templateSizeSkip(text.length);
  if (tooLarge !== undefined) return tooLarge;
  return text.slice(0, BINARY_PROBE).includes('\u0000') ? binary(text.length) : text;
}

function binary(size: number): TemplateSkip {
  return { skipped: 'binary file', reason: 'binary', size };
}

/** UTF-8 text of a small file such as Chart.yaml (bad bytes replaced, BOM dropped). */
export function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}
