import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, MarkupKind } from 'vscode-languageserver/node';
import { LineIndex } from '../../../../engine';
import { CompletionEntry, CompletionKind, completionsAt } from '../../../../engine';
import { ServerContext } from '../context';
import { servedDocument } from './servedDocument';
import { Feature } from './feature';

const KIND: Record<CompletionKind, CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
};

function toItem(e: CompletionEntry, lines: LineIndex): CompletionItem {
  return {
    label: e.label,
    kind: KIND[e.kind],
    detail: e.detail,
    documentation: { kind: MarkupKind.Markdown, value: e.documentation },
    textEdit: { range: lines.rangeOf(e.start, e.end), newText: e.insertText },
    insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    filterText: e.filterText,
    sortText: e.sortText,
  };
}

/** Hook annotation keys, values (comma-aware) and whole hook resources; the engine decides what fits. */
export const completionFeature: Feature = {
  capabilities: { completionProvider: { triggerCharacters: [',', '"', ' ', '/'] } },
  register(ctx: ServerContext): void {
    ctx.connection.onCompletion((params): CompletionList | null => {
      const served = servedDocument(ctx, params.textDocument.uri);
      if (served === undefined) return null;
      const { doc, text, lines } = served;
      try {
        const result = completionsAt(text, lines.offsetAt(params.position));
        // A typed space asks for values after `key:` only, not for keys while indenting.
        if (params.context?.triggerCharacter === ' ' && result.context !== 'value') return null;
        return { isIncomplete: false, items: result.items.map((e) => toItem(e, lines)) };
      } catch (err) {
        ctx.log(`Helm Hooks: completion failed in ${doc.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return null;
      }
    });
  },
};
