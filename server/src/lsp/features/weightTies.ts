import { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, parseSuppressions, SeverityOverrides } from '../../../../engine';
import { WEIGHT_TIE } from '../../../../engine';
import { chartSync } from '../chartSync';
import { ServerContext } from '../context';
import { toDiagnostic } from '../convert';
import { throughEdits } from '../rangesThroughEdits';
import { appendDiagnostics } from './diagnostics';
import { Feature } from './feature';

/** toDiagnostic wants a line index; the ranges come from the document instead (see below). */
const NO_LINES = new LineIndex('');

/** A document's tie diagnostics as last computed, moved through the edits made since. */
interface KnownTies {
  diagnostics: Diagnostic[];
  /** The settings they were computed under: new settings compute them again. */
  severities: SeverityOverrides;
}

/**
 * hook-weight-tie: hooks of one event with the same weight, across all templates of a release.
 *
 * Ties need the whole release re-read and re-planned, too slow for every keystroke in a large template.
 * So an edit publishes the document's own findings at once with the ties last computed for it, moved
 * through the edit (a tie whose range the edit touched is left out). The chart index's batched change
 * (chartSync: 50 ms after the last edit of a burst, at least once a second) computes them again, for this
 * and every other open document of the release, and republishes only the documents whose ties changed.
 */
export const weightTiesFeature: Feature = {
  capabilities: {},
  register(ctx: ServerContext): void {
    const charts = chartSync(ctx);
    const known = new Map<string, KnownTies>();

    const compute = (doc: TextDocument): Diagnostic[] => {
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
    const remember = (doc: TextDocument, diagnostics: Diagnostic[]): Diagnostic[] => {
      known.set(doc.uri, { diagnostics, severities: ctx.settings().severities });
      return diagnostics;
    };

    /** Last known ties, less those a disable comment typed since covers (cheap: the editor's line table). */
    const lastKnown = (doc: TextDocument, ties: KnownTies): Diagnostic[] => {
      const text = doc.getText();
      if (ties.diagnostics.length === 0 || !text.includes('helm-hooks-disable')) return ties.diagnostics;
      const suppressions = parseSuppressions(text, { lineOf: (offset) => doc.positionAt(offset).line });
      return ties.diagnostics.filter((d) => !suppressions.isSuppressed(WEIGHT_TIE, d.range.start.line));
    };

    const recheck = appendDiagnostics(ctx, (doc) => {
      const ties = known.get(doc.uri);
      // Opened, new settings, or an edit the ties could not follow (the whole text replaced): compute now.
      if (ties === undefined || ties.severities !== ctx.settings().severities) return remember(doc, compute(doc));
      return lastKnown(doc, ties);
    });

    ctx.onContentChanges((uri, changes) => {
      const ties = known.get(uri);
      if (ties === undefined) return;
      const moved = throughEdits(ties.diagnostics, changes);
      if (moved === undefined) known.delete(uri);
      else ties.diagnostics = moved;
    });

    const signature = (ds: readonly Diagnostic[]): string => JSON.stringify(ds);
    charts.onChanged(({ releases, edited }) => {
      const open = releases === undefined ? ctx.documents.all().map((d) => d.uri) : releases.flatMap((r) => charts.openIn(r));
      const candidates = [...open, ...edited];
      const stale: string[] = [];
      for (const uri of new Set(candidates)) {
        const doc = ctx.documents.get(uri);
        const before = known.get(uri);
        if (doc === undefined || before === undefined || !ctx.settings().enable || !ctx.isServed(doc)) continue;
        const now = compute(doc);
        if (signature(now) === signature(before.diagnostics)) continue;
        remember(doc, now);
        stale.push(uri);
      }
      recheck(stale);
    });
    ctx.documents.onDidClose((e) => known.delete(e.document.uri));
  },
};
