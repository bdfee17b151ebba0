/** Judging what the real helm renders: pure, like the rest of the engine (the CLI runs helm). */
export { splitRendered, splitManifests } from './split';
export type { RenderedDocument } from './split';
export { isProbed, probeFileName, probeTemplate, readProbe } from './probe';
export type { ProbedFile } from './probe';
export { parseHelmError, skippedHookLogs } from './errors';
export type { RenderError, RenderErrorKind } from './errors';
export { TemplateMap } from './sourceMap';
export type { RenderedObject, TemplateSpot } from './sourceMap';
export { dedupeByRuleFileLine, judgeRendered } from './judge';
export type { JudgeInput, Judgement, RenderedFinding } from './judge';
export { renderedPlan, renderedPlanJson, renderedPlanMarkdown, renderedPlanText } from './renderedPlan';
export type { RenderedPlan } from './renderedPlan';
export { parseHelmVersion, supportedHelm } from './version';
export type { HelmVersion } from './version';
