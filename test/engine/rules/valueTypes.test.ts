import * as assert from 'node:assert/strict';
import { expectNone, expectOne, hook, withCode } from '../util';

const H = 'helm.sh/hook: pre-install';

describe('rules: annotation value types', () => {
  describe('non-string-annotation', () => {
    it('flags an unquoted number weight, says the API server rejects it, and offers quotes', () => {
      const f = expectOne(hook('Job', [H, 'helm.sh/hook-weight: [[5]]']), 'non-string-annotation');
      assert.equal(f.severity, 'error');
      assert.match(f.message, /API server rejects/);
      assert.match(f.message, /cannot unmarshal number/);
      assert.deepEqual(f.data, { replacement: '"5"' });
    });

    it('flags negative numbers, floats and YAML 1.1 booleans', () => {
      expectOne(hook('Job', [H, 'helm.sh/hook-weight: [[-5]]']), 'non-string-annotation');
      const fl = expectOne(hook('Job', [H, 'helm.sh/hook-weight: [[1.5]]']), 'non-string-annotation');
      assert.match(fl.message, /number/);
      const b = expectOne(hook('Deployment', ['helm.sh/resource-policy: [[yes]]']), 'non-string-annotation');
      assert.match(b.message, /boolean/);
      assert.match(b.message, /cannot unmarshal bool/);
    });

    it('flags a YAML list with no quote fix', () => {
      const text = hook('Job', ['helm.sh/hook: [pre-install, pre-upgrade]']);
      const list = '[pre-install, pre-upgrade]';
      const fs = withCode(text, 'non-string-annotation');
      assert.equal(fs.length, 1);
      const f = fs[0];
      assert.deepEqual([f.start, f.end], [text.indexOf(list), text.indexOf(list) + list.length]);
      assert.equal(f.severity, 'error');
      assert.match(f.message, /list/);
      assert.match(f.message, /cannot unmarshal array/);
      assert.equal(f.data, undefined);
    });

    it('ignores the number once the API server would get a string', () => {
      expectNone(hook('Job', [H, 'helm.sh/hook-weight: "5"']), 'non-string-annotation');
      expectNone(hook('Job', [H, "helm.sh/hook-weight: '5'"]), 'non-string-annotation');
      expectNone(hook('Job', [H, 'helm.sh/hook-weight: {{ .Values.w | quote }}']), 'non-string-annotation');
    });

    it('leaves annotations outside helm.sh/ to other tools', () => {
      expectNone(hook('Job', [H, 'example.com/replicas: 5']), 'non-string-annotation');
    });

    it('does not take a plain word for a number', () => {
      expectNone(hook('Job', ['helm.sh/hook: pre-install']), 'non-string-annotation');
      expectNone(hook('Job', [H, 'helm.sh/hook-delete-policy: before-hook-creation']), 'non-string-annotation');
    });
  });
});
