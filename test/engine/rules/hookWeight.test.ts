import * as assert from 'node:assert/strict';
import { expectNone, expectOne, hook } from '../util';

const H = 'helm.sh/hook: pre-install';

describe('rules: helm.sh/hook-weight', () => {
  describe('hook-weight-not-integer', () => {
    it('flags a decimal over the whole value and says Helm uses weight 0', () => {
      const f = expectOne(hook('Job', [H, 'helm.sh/hook-weight: [["1.5"]]']), 'hook-weight-not-integer');
      assert.match(f.message, /weight 0/);
      assert.match(f.message, /"1.5"/);
    });

    it('flags a word', () => {
      const f = expectOne(hook('Job', [H, "helm.sh/hook-weight: [['first']]"]), 'hook-weight-not-integer');
      assert.match(f.message, /not an integer.*weight 0/);
    });

    it('flags leading or trailing spaces (Atoi does not trim) and offers the trimmed number', () => {
      const f = expectOne(hook('Job', [H, 'helm.sh/hook-weight: [[" 5"]]']), 'hook-weight-not-integer');
      assert.match(f.message, /does not trim/);
      assert.match(f.message, /weight 0/);
      assert.deepEqual(f.data, { replacement: '"5"' });
      expectOne(hook('Job', [H, 'helm.sh/hook-weight: [["-3 "]]']), 'hook-weight-not-integer');
    });

    it('flags an empty weight', () => {
      const f = expectOne(hook('Job', [H, 'helm.sh/hook-weight: [[""]]']), 'hook-weight-not-integer');
      assert.match(f.message, /empty.*weight 0/);
    });

    it('flags a block scalar, whose value ends with a line break', () => {
      const f = expectOne(hook('Job', [H, 'helm.sh/hook-weight: [[|', '      5]]']), 'hook-weight-not-integer');
      assert.match(f.message, /"5\\n"/);
      assert.match(f.message, /weight 0/);
    });

    it('does not flag a stripped block scalar (|-), which is exactly "5"', () => {
      expectNone(hook('Job', [H, 'helm.sh/hook-weight: |-', '      5']), 'hook-weight-not-integer');
    });

    it('does not flag signed and zero-padded integers', () => {
      for (const w of ['"-5"', '"+5"', '"007"', '"0"', "'-10'"]) {
        expectNone(hook('Job', [H, `helm.sh/hook-weight: ${w}`]), 'hook-weight-not-integer');
      }
    });

    it('does not check a weight a template prints', () => {
      expectNone(hook('Job', [H, 'helm.sh/hook-weight: {{ .Values.weight | quote }}']), 'hook-weight-not-integer');
      expectNone(hook('Job', [H, 'helm.sh/hook-weight: "{{ .Values.weight }}"']), 'hook-weight-not-integer');
    });

    it('checks each literal branch of an if', () => {
      expectOne(hook('Job', [H, 'helm.sh/hook-weight: [["{{ if .Values.a }}1{{ else }}one{{ end }}"]]']), 'hook-weight-not-integer');
    });
  });

  describe('hook-weight-out-of-range', () => {
    it('flags a weight beyond 64-bit and says Helm uses weight 0', () => {
      const f = expectOne(hook('Job', [H, 'helm.sh/hook-weight: [["9223372036854775808"]]']), 'hook-weight-out-of-range');
      assert.match(f.message, /64-bit/);
      assert.match(f.message, /weight 0/);
      expectOne(hook('Job', [H, 'helm.sh/hook-weight: [["-9223372036854775809"]]']), 'hook-weight-out-of-range');
    });

    it('does not flag the extremes of int64', () => {
      expectNone(hook('Job', [H, 'helm.sh/hook-weight: "9223372036854775807"']), 'hook-weight-out-of-range');
      expectNone(hook('Job', [H, 'helm.sh/hook-weight: "-9223372036854775808"']), 'hook-weight-out-of-range');
      expectNone(hook('Job', [H, 'helm.sh/hook-weight: "-9223372036854775808"']), 'hook-weight-not-integer');
    });

    it('is not also reported as not-integer', () => {
      expectNone(hook('Job', [H, 'helm.sh/hook-weight: "99999999999999999999"']), 'hook-weight-not-integer');
    });
  });
});
