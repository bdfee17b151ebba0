// Kept apart from cursorContext.ts so the cursor readers (dictCursor, yamlCursor, valueEntry) can share these
// shapes without importing the module that imports them.

/**
 * What sits at a cursor, as far as hook annotations care: an annotation key being typed, a value (the
 * comma-list entry under the cursor), or the start of an empty document. Reads text as it is being
 * typed, so lines without their `:` yet, unterminated quotes and unterminated actions are all expected.
 */

export type AnnotationForm = 'block' | 'flow' | 'dict';

export interface KeyContext {
  kind: 'key';
  form: AnnotationForm;
  /** The key typed so far, quotes included; a completion replaces this range. */
  start: number;
  end: number;
  /** The key already has its `:` and value: insert the key alone. */
  hasValue: boolean;
  /** The quote the typed key opens with, or ''. */
  quote: string;
  /** Keys the same annotations map already has (on other lines), or the same dict call. */
  present: string[];
}

export interface ValueContext {
  kind: 'value';
  form: AnnotationForm;
  key: string;
  /** The comma-list entry under the cursor, trimmed (empty at the cursor when nothing is typed). */
  start: number;
  end: number;
  /** The list's other entries, trimmed; entries a template prints are left out. */
  others: string[];
  /** What to put before an inserted value: a space when the cursor sits right after `key:`. */
  prefix: string;
}

export interface DocumentContext {
  kind: 'document';
  /** The current line: a whole-resource snippet replaces it. */
  start: number;
  end: number;
}

export type CursorContext = KeyContext | ValueContext | DocumentContext;
