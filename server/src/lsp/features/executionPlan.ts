import * as path from 'node:path';
import { HookRecord, planMarkdown, why as whyOf } from '../../../../engine';
import { EXECUTION_PLAN_REQUEST, ExecutionPlan, ExecutionPlanParams, ExecutionPlanResult, PlanStep } from '../../../../engine';
import { folders, Release } from '../../charts/chartIndex';
import { chartSync } from '../chartSync';
import { ServerContext } from '../context';
import { Feature } from './feature';

/**
 * `helmHooks/executionPlan`: the hooks of the release holding a file, per event in lifecycle order, in
 * the order Helm runs them; as data and as Markdown. A file outside any chart gets the workspace's chart
 * when there is exactly one.
 */
export const executionPlanFeature: Feature = {
  capabilities: {},
  register(ctx: ServerContext): void {
    const charts = chartSync(ctx);

    ctx.connection.onRequest(EXECUTION_PLAN_REQUEST, (params: ExecutionPlanParams): ExecutionPlanResult => {
      let release = charts.releaseOf(params.uri);
      if (release === undefined) {
        const all = charts.workspaceCharts();
        if (all.length === 1) release = charts.index.release(all[0]);
      }
      return release === undefined ? null : describe(release);
    });

    const describe = (r: Release): ExecutionPlan => {
      const { plan, ties } = charts.index.view(r);
      // Helm's template path -> the file on disk.
      const files = new Map<string, string>();
      for (const c of folders(r.root)) for (const t of c.templates.values()) files.set(t.helmPath, t.file);
      const fileOf = (h: HookRecord): string => files.get(h.path) ?? path.join(r.root.dir, h.path.slice(h.path.indexOf('/') + 1));
      const step = (h: HookRecord): PlanStep => ({
        kind: h.kind,
        name: h.name,
        weight: h.weight,
        weightSource: h.weightSource,
        weightText: h.weightText ?? null,
        deletePolicies: h.deletePolicies ?? null,
        path: h.path,
        uri: charts.uriOf(fileOf(h)),
        line: h.offsets.anchorLine,
      });
      const packed = folders(r.root).flatMap((c) => c.packed);
      const relative = (file: string): string => path.relative(r.root.dir, file).split(path.sep).join('/');
      return {
        chart: { name: r.root.name, uri: charts.uriOf(r.root.dir) },
        events: plan.events.map((e) => ({ event: e.event, steps: e.steps.map(step) })),
        dropped: plan.dropped.map(step),
        unplaced: plan.unplaced.map(step),
        ties: ties.map((t) => ({ event: t.event, weight: t.weight, hooks: t.hooks.map(step), why: whyOf(t) })),
        packedSubcharts: packed.map(relative),
        markdown: planMarkdown(plan, ties, {
          chart: r.root.name,
          link: (h) => `${relative(fileOf(h))}#L${h.offsets.anchorLine + 1}`,
          notes: packed.length > 0 ? [`Packed subcharts are not included (unpack them to see their hooks): ${packed.map((p) => `\`${relative(p)}\``).join(', ')}.`] : [],
        }),
      };
    };
  },
};
