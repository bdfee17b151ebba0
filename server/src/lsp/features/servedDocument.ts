import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../../../engine';
import { ServerContext } from '../context';
import { MAX_CHECKED_CHARS } from '../validation';

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

export interface ServedDocument {
  doc: TextDocument;
  text: string;
  lines: LineIndex;
}

/**
 * A document the request features may read: open, a chart template the server serves, and text the
 * checks accept (not over the size limit, not binary). The same gate for every request.
 */
export function servedDocument(ctx: ServerContext, uri: string): ServedDocument | undefined {
  const doc = ctx.documents.get(uri);
  if (doc === undefined || !ctx.isServed(doc)) return undefined;
  const text = doc.getText();
  if (text.length > MAX_CHECKED_CHARS || text.includes('\u0000')) return undefined;
  return { doc, text, lines: linesOf(doc, text) };
}
