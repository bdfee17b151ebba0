/** Editor services on top of the engine: completion, hover and quick fixes, as plain offsets and markdown. */
export { completionsAt } from './completion';
export type { CompletionEntry, CompletionKind, Completions } from './completion';
export { hoverAt } from './hover';
export type { HoverResult } from './hover';
export { hooksOfTemplate } from './hookOrder';
export type { ChartContext, ChartHook } from './hookOrder';
export { disableLineFix, fixAll, fixesFor } from './fixes';
export type { Fix, FixAllResult } from './fixes';
export type { TextEdit } from './edits';
export { applyEdits } from './edits';
export { cursorContext } from './cursorContext';
export type { CursorContext } from './cursorContext';
