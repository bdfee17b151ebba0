import { chartOfPath } from '../chart/hookName';
import { HookRecord } from '../chart/hookRecord';
import { HookPlan, plan } from '../chart/plan';
import { planMarkdown } from '../chart/planMarkdown';
import { quoteName, WeightTie, weightTies, why } from '../chart/ties';
import { DEFAULT_DELETE_POLICY } from '../helm/policies';

/** The exact timeline for a chart rendered with given values. */
export interface RenderedPlan {
  chart: string;
  renderedWith: string;
  plan: HookPlan;
  /** Equal weights within an event, in the order Helm runs them by their real names. */
  ties: WeightTie[];
  /** Hooks the static scan sees in the templates that these values leave out of the render. */
  switchedOff: HookRecord[];
}

function namePattern(h: HookRecord): RegExp {
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${h.nameParts.map((p) => ('lit' in p ? esc(p.lit) : '.*')).join('')}$`, 's');
}

/**
 * The plan of the rendered hooks (kept and dropped), their ties, and which of the statically scanned hooks
 * did not render: a static hook is matched by template path, kind (when both are literal) and name (its
 * literal parts; template output matches any text).
 */
export function renderedPlan(chart: string, renderedWith: string, rendered: readonly HookRecord[], dropped: readonly HookRecord[], staticHooks: readonly HookRecord[]): RenderedPlan {
  const p = plan([...rendered, ...dropped]);
  const all = [...rendered, ...dropped];
  const switchedOff = staticHooks.filter((s) => {
    const name = s.nameParts.length === 0 ? undefined : namePattern(s);
    return !all.some((r) => r.path === s.path && (s.kind === '' || r.kind === '' || s.kind === r.kind) && (name === undefined || name.test(r.name)));
  });
  return { chart, renderedWith, plan: p, ties: weightTies(p), switchedOff };
}

function policies(h: HookRecord): string {
  if (h.deletePolicies === undefined) return `${DEFAULT_DELETE_POLICY} (default)`;
  const listed = h.deletePolicies.filter((x) => x !== '');
  return listed.length > 0 ? listed.join(',') : 'none (empty value)';
}

function where(h: HookRecord): string {
  const chart = chartOfPath(h.path);
  const root = chart.split('/')[0];
  // `templates/x.yaml` for the root chart's own, `charts/sub/templates/y.yaml` for a subchart's.
  const rel = h.path.slice(root.length + 1);
  return `${rel}:${h.offsets.anchorLine + 1}`;
}

/** The plan as plain text: each event with hooks, its steps; ties; switched off; dropped. */
export function renderedPlanText(r: RenderedPlan): string {
  const out = [`Hook plan for ${r.chart}, rendered with ${r.renderedWith}`];
  const empty: string[] = [];
  for (const { event, steps } of r.plan.events) {
    if (steps.length === 0) {
      empty.push(event);
      continue;
    }
    out.push('', `${event} (${steps.length} hook${steps.length === 1 ? '' : 's'}, run one at a time in this order):`);
    const rows = steps.map((h, i) => [`${i + 1}.`, `${h.kind || '?'}/${h.name || '(no name)'}`, `weight ${h.weight}`, `delete ${policies(h)}`, where(h)]);
    const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
    for (const row of rows) out.push('  ' + row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  '));
  }
  if (empty.length > 0) out.push('', `No hooks: ${empty.join(', ')}`);
  if (r.ties.length > 0) {
    out.push('', 'Equal weights, resolved by the rendered names:');
    for (const t of r.ties) out.push(`  ${t.event}, weight ${t.weight}: ${t.hooks.map((h) => `${quoteName(h)} (${h.kind || '?'})`).join(' then ')}. ${why(t)}`);
  }
  if (r.switchedOff.length > 0) {
    out.push('', 'Switched off by these values (in the templates, not rendered):');
    for (const h of r.switchedOff) out.push(`  ${h.kind || '?'}/${h.name || '(no name)'}  ${where(h)}`);
  }
  if (r.plan.dropped.length > 0) {
    out.push('', 'Dropped by Helm (an unknown or empty event: neither a hook nor installed; helm template leaves it out):');
    for (const h of r.plan.dropped) out.push(`  ${h.kind || '?'}/${h.name || '(no name)'}  helm.sh/hook: ${h.eventsText}  ${where(h)}`);
  }
  return out.join('\n') + '\n';
}

function hookJson(h: HookRecord): Record<string, unknown> {
  return {
    kind: h.kind,
    name: h.name,
    weight: h.weight,
    deletePolicies: h.deletePolicies ?? [DEFAULT_DELETE_POLICY],
    deletePolicyDefault: h.deletePolicies === undefined,
    events: h.events,
    template: h.path,
    line: h.offsets.anchorLine + 1,
  };
}

export function renderedPlanJson(r: RenderedPlan): unknown {
  return {
    chart: r.chart,
    renderedWith: r.renderedWith,
    events: r.plan.events.map((e) => ({ event: e.event, hooks: e.steps.map(hookJson) })),
    ties: r.ties.map((t) => ({ event: t.event, weight: t.weight, order: t.hooks.map((h) => ({ kind: h.kind, name: h.name, template: h.path })), reasons: t.reasons })),
    switchedOff: r.switchedOff.map((h) => ({ kind: h.kind, name: h.name, template: h.path, line: h.offsets.anchorLine + 1 })),
    dropped: r.plan.dropped.map((h) => ({ ...hookJson(h), hook: h.eventsText })),
  };
}

/** The plan as Markdown (planMarkdown's tables), with the values and the hooks these values switch off. */
export function renderedPlanMarkdown(r: RenderedPlan, link: (h: HookRecord) => string | undefined = () => undefined): string {
  let md = planMarkdown(r.plan, r.ties, { chart: r.chart, link, notes: [`Rendered by helm with ${r.renderedWith}: names, weights and events are the rendered ones.`] });
  if (r.switchedOff.length > 0) {
    md += '\n## Switched off by these values\n\n';
    for (const h of r.switchedOff) md += `- ${h.kind || '(kind set by a template)'} \`${h.name || '(no metadata.name)'}\` (\`${where(h)}\`): in the templates, not rendered with these values\n`;
  }
  return md;
}
