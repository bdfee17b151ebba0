/**
 * Custom messages between the extension and the language server, shared by both sides. Plain types and
 * method names only: no imports, so the client and the server can both compile this file.
 */

/** Request `helmHooks/executionPlan`: the hook execution plan of the chart (release) holding a file. */
export const EXECUTION_PLAN_REQUEST = 'helmHooks/executionPlan';

export interface ExecutionPlanParams {
  /** Any file of the chart: a template, Chart.yaml, values.yaml. */
  uri: string;
}

/** The plan, or `null` when the file is in no chart (no Chart.yaml above it). */
export type ExecutionPlanResult = ExecutionPlan | null;

export interface ExecutionPlan {
  /** The root chart: `name` from its Chart.yaml, and its folder. */
  chart: { name: string; uri: string };
  /** Every event, in lifecycle order; hooks in the order Helm runs them. */
  events: { event: string; steps: PlanStep[] }[];
  /** Hooks Helm drops (an unknown or empty event). */
  dropped: PlanStep[];
  /** Hooks whose events a template prints. */
  unplaced: PlanStep[];
  /** Hooks of one event with the same weight, in run order, and why they run in that order. */
  ties: { event: string; weight: number; hooks: PlanStep[]; why: string }[];
  /** Packed subcharts (`charts/*.tgz`) whose hooks are not included. */
  packedSubcharts: string[];
  /** The same plan as a Markdown document; its links are relative to the chart folder. */
  markdown: string;
}

export interface PlanStep {
  kind: string;
  /** `metadata.name`, with template output shown as `{{ ... }}`. */
  name: string;
  weight: number;
  /** `default` (no annotation), `literal`, `invalid` (Helm uses 0), `template` (unknown, counted as 0). */
  weightSource: 'default' | 'literal' | 'invalid' | 'template';
  weightText: string | null;
  /** Delete policies as Helm stores them; null when unset (Helm applies before-hook-creation). */
  deletePolicies: string[] | null;
  /** Chart-relative path as Helm stores it (`mychart/templates/hooks/job.yaml`). */
  path: string;
  /** The template file, and the zero-based line where the object starts. */
  uri: string;
  line: number;
}

/** Scheme of the read-only plan documents the extension shows. */
export const PLAN_SCHEME = 'helm-hooks-plan';

/** The extension's command that shows the plan; code lenses run it with the template's URI as argument. */
export const SHOW_EXECUTION_PLAN_COMMAND = 'helmHooks.showExecutionPlan';
