import { CodeAction, CodeActionKind, Diagnostic } from 'vscode-languageserver/node';
import { analyzeTemplate, Finding, LineIndex } from '../../engine';
import { disableLineFix, Fix, fixAll, fixesFor, TextEdit } from '../../engine/services';
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

/** Quick fixes for this extension's diagnostics, "disable for this line", and a fix-all source action. */
export const codeActionsFeature: Feature = {
  capabilities: { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] } },
  register(ctx: ServerContext): void {
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
          const findings = analyzeTemplate(text, options).findings;
          for (const d of ours) {
            // A diagnostic from an older version of the text matches no finding: nothing to fix.
            const f = findings.find((x) => x.code === d.code && sameRange(x, d, lines));
            if (f === undefined) continue;
            for (const fix of fixesFor(text, f)) actions.push(quickFix(fix, d, uri, lines));
            const disable = disableLineFix(text, f);
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
