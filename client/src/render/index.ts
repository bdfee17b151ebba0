// The editor's rendering with the real helm, without VS Code: which chart and values, the render itself, the
// merge with findings already shown, and the per-chart scheduling of on-save renders.
export { affectsRender, rootChartOf } from './charts';
export { byFile, renderedToPublish } from './merge';
export type { FindingKey } from './merge';
export { renderForEditor, staticHooksOf } from './renderPlan';
export type { EditorFinding, EditorRender, EditorRenderRequest, RenderProblemKind } from './renderPlan';
export { RenderScheduler } from './scheduler';
export type { SchedulerOptions } from './scheduler';
export { DEFAULT_VALUES, rememberedValues, rememberValues, renderedWithText, valuesArgs, valuesFilesOf } from './valuesChoice';
export type { ChoiceStore } from './valuesChoice';
// helm itself, found and checked as the CLI finds it (node/helm), for the extension's side.
export { locateHelm } from '../../../node/helm/locate';
export { HelmProblem } from '../../../node/helm/problem';
export { checkHelmVersion } from '../../../node/helm/renderChart';
