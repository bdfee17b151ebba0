// The cluster layer, bundled apart (dist/cluster.js) and loaded only when a cluster view opens, so that
// @kubernetes/client-node costs nothing to users who only edit charts.
export { openSession } from './session';
export type { ClusterSession, SessionOptions } from './session';
export { ClusterProblem } from './kube/problems';
export type { ProblemKind } from './kube/problems';
export type { KubeTarget } from './kube/config';
export type { ReleaseEntry, StoreState } from './releases/store';
export { hooksByEvent } from './hooks/order';
export { redactManifest } from './manifests/redact';
export { attemptsToShow, followLog, hookPods, readLog } from './logs/hookPods';
export type { ContainerRun, HookPod } from './logs/hookPods';
export { whyPodsGone } from './logs/whyGone';
export * from './types';
export { TestLogCollector } from './logs/testLogs';
export type { CollectedContainer, CollectedTest } from './logs/testLogs';
export { locateHelm } from './helm/locate';
export { helmTestInvocation } from './helm/invocation';
export type { HelmTestRequest, Invocation } from './helm/invocation';
export { runHelm } from './helm/run';
export type { HelmExit, HelmRun } from './helm/run';
export { helmTestOutcome } from './helm/outcome';
export type { HelmTestOutcome, HelmTestStatus, ReportedTest } from './helm/outcome';
export { HelmProblem } from './helm/problem';
export { startHelmTest } from './helm/helmTest';
export type { HelmTestOptions, HelmTestResult, HelmTestRun } from './helm/helmTest';
