// The cluster layer, bundled apart (dist/cluster.js) and loaded only when a cluster view opens, so that
// @kubernetes/client-node costs nothing to users who only edit charts.
export { openSession } from './session';
export type { ClusterSession, SessionOptions } from './session';
export { ClusterProblem } from './kube/problems';
export type { ProblemKind } from './kube/problems';
export type { KubeTarget } from './kube/config';
export type { ReleaseEntry, StoreState } from './releases/store';
export { hooksByEvent } from './hooks/order';
export { templateRuns } from './hooks/templateRuns';
export type { HookRun, TemplateHook, TemplateRun } from './hooks/templateRuns';
export { templateHooksOf } from './hooks/templateHooks';
export type { PlacedTemplateHook } from './hooks/templateHooks';
export { rolledBackAfterFailure } from './releases/rolledBack';
export type { RolledBackFailure } from './releases/rolledBack';
export { releasesOfChart } from './releases/ofChart';
export type { ChartRelease } from './releases/ofChart';
export { redactManifest } from './manifests/redact';
export { attemptsToShow, followLog, hookPods, readLog, streamLog } from './logs/hookPods';
export type { ContainerRun, HookPod } from './logs/hookPods';
export { whyPodsGone } from './logs/whyGone';
export * from './types';
export type { CollectedContainer, CollectedTest } from './logs/testLogs';
export { locateHelm } from './helm/locate';
export type { HelmTestOutcome, HelmTestStatus, ReportedTest } from './helm/outcome';
export type { HelmExit } from './helm/run';
export { startHelmTest } from './helm/helmTest';
export type { HelmTestOptions, HelmTestResult, HelmTestRun } from './helm/helmTest';
