import { Hover, MarkupKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChartContext, hoverAt } from '../../../../engine';
import { ChartSync, chartSync } from '../chartSync';
import { ServerContext } from '../context';
import { servedDocument } from './servedDocument';
import { Feature } from './feature';

/**
 * The hooks of the document's release (its chart and subcharts), from the chart index, for the execution
 * order across files. Undefined outside a chart: hovers then give the order within the file.
 */
function chartContextOf(charts: ChartSync, doc: TextDocument): ChartContext | undefined {
  const file = charts.fileOf(doc.uri);
  const release = file === undefined ? undefined : charts.releaseOf(doc.uri);
  if (file === undefined || release === undefined) return undefined;
  const entry = charts.index.entryOf(release, file);
  return entry === undefined ? undefined : { path: entry.helmPath, hooks: charts.index.view(release).hooks };
}

/** What each `helm.sh/` key and value means, and what Helm does with it on this object. */
export const hoverFeature: Feature = {
  capabilities: { hoverProvider: true },
  register(ctx: ServerContext): void {
    const charts = chartSync(ctx);
    ctx.connection.onHover((params): Hover | null => {
      const served = servedDocument(ctx, params.textDocument.uri);
      if (served === undefined) return null;
      const { doc, text, lines } = served;
      try {
        const r = hoverAt(text, lines.offsetAt(params.position), chartContextOf(charts, doc));
        return r === undefined ? null : { contents: { kind: MarkupKind.Markdown, value: r.markdown }, range: lines.rangeOf(r.start, r.end) };
      } catch (err) {
        ctx.log(`Helm Hooks: hover failed in ${doc.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return null;
      }
    });
  },
};
