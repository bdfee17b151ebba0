import { SHOW_EXECUTION_PLAN_COMMAND } from '../../../engine';
import { Ctx } from '../ctx';
import { clearCaptures, showCapturedRuns } from './captures';
import { openHookTemplate, showHookManifest } from './hookCommands';
import { filterNamespace, refreshReleases, switchContext } from './releases';
import { runHelmTests } from './runHelmTests';
import { showHookLogs } from './showHookLogs';
import { showExecutionPlan } from './showExecutionPlan';
import { SHOW_RENDERED_PLAN_COMMAND, showRenderedPlan } from './showRenderedPlan';

export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

export interface CommandSpec {
  factory: CommandFactory;
  /** Waits for the language server before running. */
  needsServer: boolean;
}

/**
 * Every command of the extension, by id (`helmHooks.<verbNoun>`), registered in one place by
 * extension.ts. package.json's contributes.commands must list the same ids (a host test checks).
 */
export const COMMANDS: Record<string, CommandSpec> = {
  [SHOW_EXECUTION_PLAN_COMMAND]: { factory: showExecutionPlan, needsServer: true },
  [SHOW_RENDERED_PLAN_COMMAND]: { factory: showRenderedPlan, needsServer: false },
  'helmHooks.refreshReleases': { factory: refreshReleases, needsServer: false },
  'helmHooks.filterNamespace': { factory: filterNamespace, needsServer: false },
  'helmHooks.switchContext': { factory: switchContext, needsServer: false },
  'helmHooks.showHookManifest': { factory: showHookManifest, needsServer: false },
  'helmHooks.openHookTemplate': { factory: openHookTemplate, needsServer: false },
  'helmHooks.showHookLogs': { factory: showHookLogs, needsServer: false },
  'helmHooks.runHelmTests': { factory: runHelmTests, needsServer: false },
  // The same command on one test hook's row: only that test runs.
  'helmHooks.runHelmTest': { factory: runHelmTests, needsServer: false },
  'helmHooks.showCapturedRuns': { factory: showCapturedRuns, needsServer: false },
  'helmHooks.clearCaptures': { factory: clearCaptures, needsServer: false },
};
