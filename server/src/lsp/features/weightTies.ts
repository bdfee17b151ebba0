import { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../engine';
import { chartSync } from '../chartSync';
import { ServerContext } from '../context';
import { toDiagnostic } from '../convert';
import { appendDiagnostics } from './diagnostics';
import { Feature } from './feature';

/** toDiagnostic wants a line index; the ranges come from the document instead (see below). */
const NO_LINES = new LineIndex('');

/**
 * hook-weight-tie: hooks of one event with the same weight, across all templates of a release. The
 * findings ride along with each document's diagnostics; when another file changes them (an edit in a
 * second template, a file changed on disk), the affected open documents are checked again.
 */
export const weightTiesFeature: Feature = {
  capabilities: {},
  register(ctx: ServerContext): void {
    const charts = chartSync(ctx);
    // What was last published per document, to recheck only documents whose ties changed. Compared
    // only when another file changed, off the path of an edit.
    const published = new Map<string, Diagnostic[]>();

    const diagnostics = (doc: TextDocument): Diagnostic[] => {
      const hooked = charts.hookDocument(doc);
      if (hooked === undefined) return [];
      const { file, text } = hooked;
      try {
        if (charts.releaseOf(doc.uri) === undefined) return [];
        const findings = charts.index.tieFindings(file, text, ctx.settings().severities);
        // Positions from the editor's document, which keeps its line offsets current edit by edit: a new
        // line index of a large template would cost more than finding its ties.
        return findings.map((f) => ({ ...toDiagnostic(f, NO_LINES), range: { start: doc.positionAt(f.start), end: doc.positionAt(f.end) } }));
      } catch (err) {
        ctx.log(`Helm Hooks could not check hook order for ${doc.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return [];
      }
    };
    const signature = (ds: readonly Diagnostic[]): string => JSON.stringify(ds);

    const recheck = appendDiagnostics(ctx, (doc) => {
      const ds = diagnostics(doc);
      published.set(doc.uri, ds);
      return ds;
    });

    charts.onChanged(({ releases, edited }) => {
      const candidates = releases === undefined ? ctx.documents.all().map((d) => d.uri) : releases.flatMap((r) => charts.openIn(r));
      const stale: string[] = [];
      for (const uri of new Set(candidates)) {
        const doc = ctx.documents.get(uri);
        const before = published.get(uri);
        // An edited document is checked for its own edit, ties included.
        if (doc === undefined || before === undefined || edited.has(uri) || !ctx.settings().enable || !ctx.isServed(doc)) continue;
        if (signature(diagnostics(doc)) !== signature(before)) stale.push(uri);
      }
      recheck(stale);
    });
    ctx.documents.onDidClose((e) => published.delete(e.document.uri));
  },
};
