import * as assert from 'node:assert/strict';
import { plan, planMarkdown, weightTies } from '../../../engine/chart';
import { chartHooks, hookDoc } from './chartUtil';

describe('chart layer: the plan as Markdown', () => {
  const hooks = chartHooks({
    'shop/templates/job.yaml': '# migrate\n' + hookDoc('Job', '{{ include "shop.fullname" . | trunc 20 }}-migrate', ['helm.sh/hook: pre-install', 'helm.sh/hook-weight: "-5"', 'helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded']),
    'shop/templates/cm.yaml': hookDoc('ConfigMap', 'settings', ['helm.sh/hook: pre-install', 'helm.sh/hook-weight: "-5"', 'helm.sh/hook-delete-policy: ""']),
    'shop/templates/typo.yaml': hookDoc('Job', 'typo', ['helm.sh/hook: pre-instal']),
    'shop/templates/t.yaml': hookDoc('Pod', 'test', ['helm.sh/hook: test', 'helm.sh/hook-weight: "x"']),
  });
  const p = plan(hooks);
  const md = planMarkdown(p, weightTies(p), { chart: 'shop', link: (h) => `${h.path.slice('shop/'.length)}#L${h.offsets.anchorLine + 1}`, notes: ['A note.'] });
  const lines = md.split('\n');

  it('has a title, the order rule, the notes and every event heading in lifecycle order', () => {
    assert.equal(lines[0], '# Hook execution plan: shop');
    assert.match(md, /weight \(ascending\), then `metadata\.name`/);
    assert.ok(lines.includes('A note.'));
    assert.deepEqual(lines.filter((l) => l.startsWith('## ')).slice(0, 9), [
      '## pre-install', '## post-install', '## pre-upgrade', '## post-upgrade', '## pre-rollback', '## post-rollback', '## pre-delete', '## post-delete', '## test',
    ]);
    assert.equal(lines[lines.indexOf('## post-install') + 2], 'No hooks.');
  });

  it('lists hooks in run order with kind, name, weight, policies and a relative link with a line anchor', () => {
    const at = lines.indexOf('## pre-install');
    assert.equal(lines[at + 2], '| # | kind | name | weight | delete policies | template |');
    // "settings" < "{{ ..." bytewise: the ConfigMap runs first although the Job's file sorts first.
    assert.equal(lines[at + 4], '| 1 | ConfigMap | `settings` | -5 | none (empty value) | [templates/cm.yaml:1](templates/cm.yaml#L1) |');
    assert.equal(lines[at + 5], '| 2 | Job | `{{ include "shop.fullname" . \\| trunc 20 }}-migrate` | -5 | before-hook-creation, hook-succeeded | [templates/job.yaml:2](templates/job.yaml#L2) |');
  });

  it('shows defaults and unparsable weights, the ties and the dropped hooks', () => {
    assert.match(md, /\| 1 \| Pod \| `test` \| 0 \(`x`: Helm cannot parse it\) \| before-hook-creation \(default\) \|/);
    assert.match(md, /## Equal weights\n\n- \*\*pre-install\*\*, weight -5: 1\. "settings", 2\. "\{\{ include/);
    assert.match(md, /## Not run: dropped by Helm\n\n- Job `typo`: `helm\.sh\/hook: pre-instal` holds an unknown or empty event/);
  });
});
