import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../engine';

/**
 * The LineIndex of a document's current version, built once per version: completion and hover come on
 * every keystroke and cursor move, and a large template has tens of thousands of lines. The same index
 * as diagnostics use (convert.ts), so ranges agree with theirs.
 */
const cache = new WeakMap<TextDocument, { version: number; lines: LineIndex }>();

export function linesOf(doc: TextDocument, text: string): LineIndex {
  const hit = cache.get(doc);
  if (hit !== undefined && hit.version === doc.version) return hit.lines;
  const lines = new LineIndex(text);
  cache.set(doc, { version: doc.version, lines });
  return lines;
}
