import { CodeAction, CodeActionKind, Diagnostic } from 'vscode-languageserver/node';
import { analyzeTemplate, Finding, LineIndex, SeverityOverrides } from '../../../../engine';
import { tieFindings, WEIGHT_TIE } from '../../../../engine';
import { disableLineFix, Fix, fixAll, fixesFor, TextEdit, weightTieFixes } from '../../../../engine';
import { ChartSync, chartSync } from '../chartSync';
import { ServerContext } from '../context';
import { SOURCE } from '../convert';
import { servedDocument } from './servedDocument';
import { Feature } from './feature';

/** "Fix all" for this extension only, so `editor.codeActionsOnSave` can name it. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.helmHooks`;

/** True when the client asked for `kind` (no `only` means quick fixes, not source actions). */
function wanted(only: readonly string[] | undefined, kind: string): boolean {
  if (only === undefined) return kind === CodeActionKind.QuickFix;
  return only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

function sameRange(f: Finding, d: Diagnostic, lines: LineIndex): boolean {
  const r = lines.rangeOf(f.start, f.end);
  return (
    r.start.line === d.range.start.line &&
    r.start.character === d.range.start.character &&
    r.end.line === d.range.end.line &&
    r.end.character === d.range.end.character
  );
}

function toEdits(edits: readonly TextEdit[], lines: LineIndex): { range: ReturnType<LineIndex['rangeOf']>; newText: string }[] {
  return edits.map((e) => ({ range: lines.rangeOf(e.start, e.end), newText: e.newText }));
}

function quickFix(fix: Fix, d: Diagnostic, uri: string, lines: LineIndex): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    ...(fix.preferred ? { isPreferred: true } : {}),
    edit: { changes: { [uri]: toEdits(fix.edits, lines) } },
  };
}

/** A finding of the document with the fixes it has (before "disable for this line"). */
interface Fixable {
  finding: Finding;
  fixes: () => Fix[];
}

/**
 * hook-weight-tie findings of the document, from its release in the chart index (read up to the current
 * text), with the weight changes that reorder the tie.
 */
function tieFixables(charts: ChartSync, uri: string, text: string, severities: SeverityOverrides): Fixable[] {
  const file = charts.fileOf(uri);
  const release = file === undefined ? undefined : charts.releaseOf(uri);
  const entry = file === undefined || release === undefined ? undefined : charts.index.entryOf(release, file);
  if (release === undefined || entry === undefined) return [];
  const { plan, ties } = charts.index.view(release);
  return tieFindings(ties, entry.helmPath, text, { severities }).map((finding) => ({ finding, fixes: () => weightTieFixes(text, finding, entry.helmPath, plan, ties) }));
}

/** Quick fixes for this extension's diagnostics, "disable for this line", and a fix-all source action. */
export const codeActionsFeature: Feature = {
  capabilities: { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] } },
  register(ctx: ServerContext): void {
    const charts = chartSync(ctx);
    ctx.connection.onCodeAction(async (params): Promise<CodeAction[] | null> => {
      await ctx.settingsLoaded();
      const uri = params.textDocument.uri;
      const settings = ctx.settings();
      const served = settings.enable ? servedDocument(ctx, uri) : undefined;
      if (served === undefined) return null;
      const { text, lines } = served;
      const only = params.context.only;
      const options = { severities: settings.severities };
      try {
        const actions: CodeAction[] = [];
        const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && typeof d.code === 'string');
        if (ours.length > 0 && wanted(only, CodeActionKind.QuickFix)) {
          const own: Fixable[] = analyzeTemplate(text, options).findings.map((finding) => ({ finding, fixes: () => fixesFor(text, finding) }));
          // Ties span files: only asked of the chart index when one of them is in the request.
          const fixable = ours.some((d) => d.code === WEIGHT_TIE) ? [...own, ...tieFixables(charts, uri, text, settings.severities)] : own;
          for (const d of ours) {
            // A diagnostic from an older version of the text matches no finding: nothing to fix.
            const x = fixable.find((c) => c.finding.code === d.code && sameRange(c.finding, d, lines));
            if (x === undefined) continue;
            for (const fix of x.fixes()) actions.push(quickFix(fix, d, uri, lines));
            const disable = disableLineFix(text, x.finding);
            if (disable !== undefined) actions.push(quickFix(disable, d, uri, lines));
          }
        }
        if (wanted(only, FIX_ALL_KIND)) {
          const all = fixAll(text, options);
          if (all.edits.length > 0) {
            actions.push({ title: 'Fix all auto-fixable Helm hook problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: toEdits(all.edits, lines) } } });
          }
        }
        return actions;
      } catch (err) {
        ctx.log(`Helm Hooks: code actions failed in ${uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return null;
      }
    });
  },
};
