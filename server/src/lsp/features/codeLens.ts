import { CodeLens, CodeLensRefreshRequest } from 'vscode-languageserver/node';
import { hookId, lensText } from '../../../../engine';
import { SHOW_EXECUTION_PLAN_COMMAND } from '../../../../engine';
import { Release } from '../../charts/chartIndex';
import { chartSync } from '../chartSync';
import { ServerContext } from '../context';
import { Feature } from './feature';

/**
 * A code lens above each hook object: its events and its place in each (`pre-upgrade: 2nd of 3`), across
 * all templates of the release. Clicking it opens the execution plan.
 */
export const codeLensFeature: Feature = {
  capabilities: { codeLensProvider: { resolveProvider: false } },
  register(ctx: ServerContext): void {
    const charts = chartSync(ctx);

    ctx.connection.onCodeLens(async ({ textDocument }): Promise<CodeLens[]> => {
      const doc = ctx.documents.get(textDocument.uri);
      const hooked = doc !== undefined && ctx.isServed(doc) ? charts.hookDocument(doc) : undefined;
      if (hooked === undefined) return [];
      try {
        const release = charts.releaseOf(textDocument.uri);
        if (release === undefined) return [];
        // The release is read in slices first: a first read of a large chart must not hold up keystrokes.
        await charts.index.prepare(release);
        const { plan } = charts.index.view(release);
        const entry = charts.index.entryOf(release, hooked.file);
        return (entry?.hooks ?? []).map((h) => {
          const at = { line: h.offsets.anchorLine, character: 0 };
          return { range: { start: at, end: at }, command: { title: lensText(plan, h), command: SHOW_EXECUTION_PLAN_COMMAND, arguments: [textDocument.uri] } };
        });
      } catch (err) {
        ctx.log(`Helm Hooks could not compute code lenses for ${textDocument.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return [];
      }
    });

    // Another file moved this document's hooks in the order: ask the editor for fresh lenses, once per
    // change of the order (the edited document's own lenses are asked for again by the editor anyway).
    const shown = new WeakMap<Release, string>();
    // Never rejects: every step that can throw is caught below.
    const refreshLenses = async ({ releases, edited }: Parameters<Parameters<typeof charts.onChanged>[0]>[0]): Promise<void> => {
      if (ctx.initializeParams()?.capabilities.workspace?.codeLens?.refreshSupport !== true) return;
      let refresh = false;
      try {
        for (const r of releases ?? charts.index.loaded()) {
          // Only documents other than the edited ones need new lenses from a refresh.
          if (charts.openIn(r).every((uri) => edited.has(uri))) continue;
          await charts.index.prepare(r);
          const { hooks, plan } = charts.index.view(r);
          const titles = hooks.map((h) => `${hookId(h)} ${lensText(plan, h)}`).join('\n');
          if (shown.get(r) !== titles) refresh = true;
          shown.set(r, titles);
        }
      } catch (err) {
        ctx.log(`Helm Hooks could not compute code lenses: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
      if (refresh || releases === undefined) void ctx.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    };
    charts.onChanged((change) => {
      void refreshLenses(change);
    });
  },
};
