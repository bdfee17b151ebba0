import { hooksOf, LineIndex } from '../../../../engine';
import { TemplateHook } from './templateRuns';

/** A template's hook and the zero-based line of its object's first YAML line, where a lens goes. */
export interface PlacedTemplateHook extends TemplateHook {
  line: number;
  /** Where the object ends (zero-based line and UTF-16 column), for a Problems entry over all of it. */
  end: { line: number; character: number };
}

/**
 * The hooks of a template file that Helm can store: one with an unknown event is dropped by Helm, and
 * one whose kind a template prints cannot be told apart from others. `path` is a stored path of the file.
 * Lives in the cluster layer so the template scanner is loaded only with it.
 */
export function templateHooksOf(path: string, text: string): PlacedTemplateHook[] {
  const seen = new Map<string, number>();
  const hooks: PlacedTemplateHook[] = [];
  const lines = new LineIndex(text);
  for (const h of hooksOf(path, text)) {
    if (h.placement === 'dropped' || h.kind === '') continue;
    const ordinal = seen.get(h.kind) ?? 0;
    seen.set(h.kind, ordinal + 1);
    hooks.push({ kind: h.kind, name: h.nameLiteral && h.name !== '' ? h.name : undefined, events: h.events, ordinal, line: h.offsets.anchorLine, end: lines.positionAt(h.offsets.objectEnd) });
  }
  return hooks;
}
