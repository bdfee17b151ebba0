/**
 * The chart layer: hooks across all templates of a release (a chart and its unpacked subcharts), Helm's
 * execution plan for them, and the findings that only show across files (hook-weight-tie). Pure, like the
 * rest of the engine: callers hand in chart-relative paths and texts.
 */
export { HookScanner, hooksOf, scanForHooks } from './hooks';
export type { ScannedDocument } from './hooks';
export { hookId, isExact } from './hookRecord';
export type { HookOffsets, HookRecord, NamePart, Placement, WeightSource } from './hookRecord';
export { compareNames } from './hookName';
export type { NameOrder } from './hookName';
export { plan, placesOf } from './plan';
export type { EventPlan, HookPlace, HookPlan } from './plan';
export { lensText, ordinal } from './lens';
export { tieFindings, weightTies, WEIGHT_TIE, why } from './ties';
export type { TieFindingOptions, TieReason, WeightTie } from './ties';
export { planMarkdown } from './planMarkdown';
export type { PlanMarkdownOptions } from './planMarkdown';
