import { Hover, MarkupKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChartContext, hoverAt } from '../../engine/services';
import { ServerContext } from '../context';
import { MAX_CHECKED_CHARS } from '../validation';
import { linesOf } from './documentLines';
import { Feature } from './feature';

/**
 * The hooks of the document's other chart templates, for the execution order across files. None yet:
 * until the chart index answers here, hovers give the order within the file ("in this file").
 */
function chartContextOf(_doc: TextDocument): ChartContext | undefined {
  return undefined;
}

/** What each `helm.sh/` key and value means, and what Helm does with it on this object. */
export const hoverFeature: Feature = {
  capabilities: { hoverProvider: true },
  register(ctx: ServerContext): void {
    ctx.connection.onHover((params): Hover | null => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (doc === undefined || !ctx.isServed(doc)) return null;
      const text = doc.getText();
      if (text.length > MAX_CHECKED_CHARS) return null;
      try {
        const lines = linesOf(doc, text);
        const r = hoverAt(text, lines.offsetAt(params.position), chartContextOf(doc));
        return r === undefined ? null : { contents: { kind: MarkupKind.Markdown, value: r.markdown }, range: lines.rangeOf(r.start, r.end) };
      } catch (err) {
        ctx.log(`Helm Hooks: hover failed in ${doc.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return null;
      }
    });
  },
};
