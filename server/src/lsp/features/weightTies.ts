import { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'node:path';
import { Finding, LineIndex, parseSuppressions, SeverityOverrides, tieFindings, WeightTie } from '../../../../engine';
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
    /**
     * compute, a few weights' ties per turn: a hook's findings come only from ties of its own weight, so
     * the parts put together and sorted by start are what tieFindings gives for all the ties at once.
     * Undefined when the document changed meanwhile (its edit brings another recheck).
     */
    const computeSliced = async (doc: TextDocument): Promise<Diagnostic[] | undefined> => {
      const hooked = charts.hookDocument(doc);
      const release = hooked === undefined ? undefined : charts.releaseOf(doc.uri);
      if (hooked === undefined || release === undefined) return [];
      const entry = charts.index.entryOf(release, path.resolve(hooked.file));
      if (entry === undefined) return [];
      const byWeight = new Map<number, WeightTie[]>();
      for (const t of charts.index.view(release).ties) {
        if (!t.hooks.some((h) => h.path === entry.helmPath)) continue;
        const list = byWeight.get(t.weight);
        if (list === undefined) byWeight.set(t.weight, [t]);
        else list.push(t);
      }
      const { version } = doc;
      const severities = ctx.settings().severities;
      const findings: Finding[] = [];
      let batch: WeightTie[] = [];
      const groups = [...byWeight.values()];
      for (const [i, group] of groups.entries()) {
        batch.push(...group);
        if (batch.length < TIES_PER_TURN && i < groups.length - 1) continue;
        findings.push(...tieFindings(batch, entry.helmPath, hooked.text, { severities }));
        batch = [];
        await nextTurn();
        if (doc.version !== version || ctx.documents.get(doc.uri) !== doc) return undefined;
      }
      findings.sort((a, b) => a.start - b.start);
      return findings.map((f) => ({ ...toDiagnostic(f, NO_LINES), range: { start: doc.positionAt(f.start), end: doc.positionAt(f.end) } }));
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

    const needsCompute = (doc: TextDocument): boolean => {
      const ties = known.get(doc.uri);
      return ties === undefined || ties.severities !== ctx.settings().severities;
    };
    /** Reads the release in slices, then plans it in a turn of its own: what compute would do at once. */
    const prepare = async (uri: string): Promise<void> => {
      const release = charts.releaseOf(uri);
      if (release === undefined) return;
      await charts.index.prepare(release);
      await nextTurn();
      charts.index.view(release);
      await charts.index.prepareTies(release);
      await nextTurn();
    };
    const guarded = async (uri: string): Promise<void> => {
      try {
        await prepare(uri);
      } catch (err) {
        ctx.log(`Helm Hooks could not check hook order for ${uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    };

    /**
     * Before a document's first publish (or one under new settings): the sliced read and plan, then its
     * tie findings a few weights per turn, kept for the publish. The publish computes them at once only
     * when this could not finish (the document changed meanwhile).
     */
    const first = async (doc: TextDocument): Promise<void> => {
      await guarded(doc.uri);
      try {
        const { severities } = ctx.settings();
        if (!needsCompute(doc) || ctx.documents.get(doc.uri) !== doc) return;
        const now = await computeSliced(doc);
        if (now !== undefined && ctx.settings().severities === severities && needsCompute(doc)) remember(doc, now);
      } catch (err) {
        ctx.log(`Helm Hooks could not check hook order for ${doc.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    };

    const recheck = appendDiagnostics(
      ctx,
      (doc) => {
        const ties = known.get(doc.uri);
        // Opened, new settings, or an edit the ties could not follow (the whole text replaced): compute now.
        if (ties === undefined || needsCompute(doc)) return remember(doc, compute(doc));
        return lastKnown(doc, ties);
      },
      (doc) => (needsCompute(doc) && charts.hookDocument(doc) !== undefined ? first(doc) : undefined),
    );

    ctx.onContentChanges((uri, changes) => {
      const ties = known.get(uri);
      if (ties === undefined) return;
      const moved = throughEdits(ties.diagnostics, changes);
      if (moved === undefined) known.delete(uri);
      else ties.diagnostics = moved;
    });

    // One document's recheck per turn, its release's view in the turn before: a release of hundreds of
    // tied hooks must not hold the event loop (and the next keystroke) for the whole batch.
    let rechecks: Promise<void> = Promise.resolve();
    const recheckOne = async (uri: string): Promise<void> => {
      await prepare(uri);
      const doc = ctx.documents.get(uri);
      const before = known.get(uri);
      if (doc === undefined || before === undefined || !ctx.settings().enable || !ctx.isServed(doc)) return;
      const now = await computeSliced(doc);
      const last = known.get(uri);
      if (now === undefined || last === undefined || sameDiagnostics(now, last.diagnostics)) return;
      remember(doc, now);
      recheck([uri]);
    };
    charts.onChanged(({ releases, edited }) => {
      const open = releases === undefined ? ctx.documents.all().map((d) => d.uri) : releases.flatMap((r) => charts.openIn(r));
      const candidates = new Set([...open, ...edited].filter((uri) => known.has(uri)));
      rechecks = rechecks.then(async () => {
        for (const uri of candidates) {
          await nextTurn();
          try {
            await recheckOne(uri);
          } catch (err) {
            ctx.log(`Helm Hooks could not check hook order for ${uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          }
        }
      });
    });
    ctx.documents.onDidClose((e) => known.delete(e.document.uri));
  },
};

/** Ties per turn in a recheck: a weight shared by dozens of hooks makes a tie of dozens of messages. */
const TIES_PER_TURN = 8;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Diagnostics as published: what the editor shows (range, message, code, severity). */
function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.message !== y.message || x.code !== y.code || x.severity !== y.severity || !sameRange(x.range, y.range)) return false;
  }
  return true;
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
