import { DEFAULT_DELETE_POLICY } from '../helm/policies';
import { HookRecord } from './hookRecord';
import { HookPlan } from './plan';
import { quoteName, WeightTie, why } from './ties';

export interface PlanMarkdownOptions {
  /** The chart (release) name, for the title. */
  chart: string;
  /** Relative link to the hook's template, with a line anchor (`templates/x.yaml#L4`); undefined for none. */
  link(hook: HookRecord): string | undefined;
  /** Extra lines under the title (e.g. packed subcharts left out). */
  notes?: readonly string[];
}

/** Inline code that survives a table cell: `|` escaped, backticks fenced. */
function code(s: string): string {
  const text = s.replace(/\|/g, '\\|');
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function weightCell(h: HookRecord): string {
  switch (h.weightSource) {
    case 'default':
      return '0 (default)';
    case 'literal':
      return String(h.weight);
    case 'invalid':
      return `0 (${code(h.weightText ?? '')}: Helm cannot parse it)`;
    default:
      return `? (${code(h.weightText ?? '')}, counted as 0)`;
  }
}

function policiesCell(h: HookRecord): string {
  if (h.deletePoliciesText !== undefined) return code(h.deletePoliciesText);
  if (h.deletePolicies === undefined) return `${DEFAULT_DELETE_POLICY} (default)`;
  const listed = h.deletePolicies.filter((p) => p !== '');
  return listed.length > 0 ? listed.join(', ') : 'none (empty value)';
}

function fileCell(h: HookRecord, link: string | undefined): string {
  const shown = `${h.path.slice(h.path.indexOf('/') + 1)}:${h.offsets.anchorLine + 1}`;
  return link === undefined ? code(shown) : `[${shown.replace(/[[\]]/g, '\\$&')}](${encodeURI(link).replace(/[()]/g, (c) => encodeURIComponent(c))})`;
}

function nameCell(h: HookRecord): string {
  const name = h.name === '' ? '(no metadata.name)' : code(h.name);
  return h.conditional ? `${name} (in some template branches)` : name;
}

/**
 * A read-only document of the plan: for each event in lifecycle order, the hooks in the order Helm runs
 * them with kind, name, weight, delete policies and a link to the template; then the weight ties and the
 * hooks Helm never runs or that only rendering can place.
 */
export function planMarkdown(p: HookPlan, ties: readonly WeightTie[], o: PlanMarkdownOptions): string {
  const out: string[] = [`# Hook execution plan: ${o.chart}`, ''];
  out.push(
    'Helm runs the hooks of an event one at a time, in this order: weight (ascending), then `metadata.name` ' +
      '(bytewise), then kind (only when names are equal), then template path and position in the file. ' +
      'Names and values printed by templates are shown as `{{ ... }}`.',
  );
  for (const n of o.notes ?? []) out.push('', n);
  for (const { event, steps } of p.events) {
    out.push('', `## ${event}`, '');
    if (steps.length === 0) {
      out.push('No hooks.');
      continue;
    }
    out.push('| # | kind | name | weight | delete policies | template |', '| --- | --- | --- | --- | --- | --- |');
    steps.forEach((h, i) => {
      out.push(`| ${i + 1} | ${h.kind || '(set by a template)'} | ${nameCell(h)} | ${weightCell(h)} | ${policiesCell(h)} | ${fileCell(h, o.link(h))} |`);
    });
  }
  if (ties.length > 0) {
    out.push('', '## Equal weights', '');
    for (const t of ties) {
      out.push(`- **${t.event}**, weight ${t.weight}: ${t.hooks.map((h, i) => `${i + 1}. ${quoteName(h)}`).join(', ')}. ${why(t)}`);
    }
  }
  const listing = (title: string, hooks: readonly HookRecord[], what: (h: HookRecord) => string): void => {
    if (hooks.length === 0) return;
    out.push('', `## ${title}`, '');
    for (const h of hooks) out.push(`- ${h.kind || '(kind set by a template)'} ${nameCell(h)}: ${what(h)} (${fileCell(h, o.link(h))})`);
  };
  listing('Not run: dropped by Helm', p.dropped, (h) => `${code(`helm.sh/hook: ${h.eventsText}`)} holds an unknown or empty event, so Helm skips the whole resource`);
  listing('Events set by a template', p.unplaced, (h) => `${code(h.eventsText)}: the events are known only once rendered`);
  return out.join('\n') + '\n';
}
