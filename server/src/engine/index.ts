/** The engine's public surface: Helm's hook semantics and template scanning, free of editor and Node APIs. */
export { analyzeTemplate } from './analyze';
export type { Analysis, AnalyzeOptions, SeverityOverrides } from './analyze';
export { RULES, RULE_BY_CODE, ruleDocUrl } from './rules/catalog';
export type { RuleInfo } from './rules/catalog';
export type { Finding, FixData, Severity } from './rules/types';
export { parseSuppressions } from './rules/suppressions';
export type { Suppressions } from './rules/suppressions';
export { LineIndex } from './text/lineIndex';
export type { Position, Range } from './text/lineIndex';
export { HOOK_EVENTS, parseEvent } from './helm/events';
export type { HookEvent } from './helm/events';
export { DELETE_POLICIES, OUTPUT_LOG_POLICIES } from './helm/policies';
export { parseWeight, effectiveWeight } from './helm/weight';
export { executionOrder, INSTALL_ORDER } from './helm/order';
export type { OrderedHook } from './helm/order';
export { scanObjects } from './scan/objects';
export type { ObjectInfo, AnnotationEntry } from './scan/objects';
export { TemplateText } from './template/templateText';
