import { SHOW_EXECUTION_PLAN_COMMAND } from '../../../server/src/protocol/messages';
import { Ctx } from '../ctx';
import { showExecutionPlan } from './showExecutionPlan';

export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

/**
 * Every command of the extension, by id (`helmHooks.<verbNoun>`), registered in one place by
 * extension.ts. package.json's contributes.commands must list the same ids (a unit test checks).
 */
export const COMMANDS: Record<string, CommandFactory> = {
  [SHOW_EXECUTION_PLAN_COMMAND]: showExecutionPlan,
};
