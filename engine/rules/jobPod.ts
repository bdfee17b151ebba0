import { HOOK, HOOK_DELETE_POLICY } from '../helm/annotations';
import { parseEvent } from '../helm/events';
import { KINDS_WITH_PODS, readDeletePolicy } from '../helm/policies';
import { TemplateText } from '../template/templateText';
import { splitList } from '../scan/listEntries';
import { ScalarValue } from '../scan/scalar';
import { forEachList, literalRenderings } from './each';
import { Check } from './types';

/** Template functions and values that make a name differ from one run to the next. */
const PER_RUN = /\.Release\.Revision\b|\brand(Alpha|AlphaNum|Numeric|Ascii|Int)\b|\buuidv4\b|\bnow\b|\bunixEpoch\b|\bdate\b|\bdateInZone\b/;
/** Helpers whose output is fixed for a release (chart and release names). */
const STABLE_INCLUDE = /^\s*(include|template)\s+"[^"]*(fullname|name)"/;
const STABLE_ACTION = /^\s*(\.Release\.Name|\.Chart\.Name|\.Values\.[\w.]+|\$\w*\.(Release\.Name|Chart\.Name))\b/;

/**
 * 'fixed' when the name is the same on every run of the hook, 'per-run' when it changes, undefined when a
 * template helper we cannot see decides.
 */
function nameStability(tt: TemplateText, name: ScalarValue): 'fixed' | 'per-run' | undefined {
  let verdict: 'fixed' | undefined = 'fixed';
  for (let i = tt.firstActionFrom(name.start); i < tt.actions.length && tt.actions[i].start < name.end; i++) {
    const body = tt.actions[i].body;
    if (PER_RUN.test(body)) return 'per-run';
    const stages = body.split('|');
    const head = stages[0].replace(/^[\s(]*(printf\s+"[^"]*"\s*)?\(?/, '');
    if (!STABLE_INCLUDE.test(head) && !STABLE_ACTION.test(head)) verdict = undefined;
  }
  return verdict;
}

export const checkJobPod: Check = ({ tt, obj, byKey, isHook, report }) => {
  if (!isHook || obj.kind === undefined || !KINDS_WITH_PODS.has(obj.kind)) return;
  const kind = obj.kind;
  const hooks = byKey.get(HOOK) ?? [];

  const rp = obj.restartPolicy;
  if (rp !== undefined && literalRenderings({ key: 'restartPolicy', keyStart: rp.start, keyEnd: rp.end, value: rp, source: 'block', branch: undefined }).some((v) => v.trim() === 'Always')) {
    report(
      'hook-restart-policy-always',
      rp.start,
      rp.end,
      kind === 'Job'
        ? 'A Job\'s pod template cannot use restartPolicy Always: the API server rejects this Job, so the hook fails and so does the release. Use Never (or OnFailure).'
        : 'A Pod hook with restartPolicy Always restarts its container forever and never reaches Succeeded: Helm waits until --timeout and fails the release. Use Never (or OnFailure).',
      { replacement: 'Never' },
    );
  }

  for (const entry of hooks) {
    forEachList(entry, (entries) => {
      for (const e of entries) {
        if (e.text === undefined || parseEvent(e.text) !== 'test' || kind !== 'Job') continue;
        report(
          'test-job-no-logs',
          e.start,
          e.end,
          `helm test --logs only reads the logs of Pod tests: for this Job it fails with pods "<name>" not found. Use a Pod for the test, or read the Job's pods' logs (label job-name=<name>).`,
        );
      }
    });
  }

  const policies = byKey.get(HOOK_DELETE_POLICY) ?? [];
  if (policies.length === 0 || obj.name === undefined) return;
  if (nameStability(tt, obj.name) !== 'fixed') return;
  for (const entry of policies) {
    if (entry.value.dynamic || entry.value.expansions === undefined || entry.value.type !== 'string') return;
    for (const pieces of entry.value.expansions) {
      const reading = readDeletePolicy(splitList(pieces, entry.value).map((e) => e.text ?? ''));
      if (reading.applies.has('before-hook-creation')) continue;
      const listed = reading.listed;
      const exists = kind === 'Job' ? 'jobs.batch "…" already exists' : 'pods "…" already exists';
      report(
        'hook-name-reused',
        entry.value.start,
        entry.value.end,
        `This ${kind} hook has the same name on every run, and its delete policies (${listed.join(', ') || 'none'}) omit before-hook-creation: ` +
          `whenever it is left behind (a failed run, or a run whose policy does not delete it), the next run fails with '${exists}' on Helm 3, ` +
          `or patches the old ${kind} on Helm 4, which fails on its immutable fields. Add before-hook-creation.`,
        { replacement: ['before-hook-creation', ...listed].join(',') },
      );
      return;
    }
  }
};
