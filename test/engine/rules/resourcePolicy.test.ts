import * as assert from 'node:assert/strict';
import { expectClean, expectNone, expectOne, hook } from '../util';

describe('rules: helm.sh/resource-policy', () => {
  describe('resource-policy-not-keep', () => {
    it('flags any value other than keep and says the resource is orphaned on uninstall', () => {
      const f = expectOne(hook('PersistentVolumeClaim', ['helm.sh/resource-policy: [[retain]]']), 'resource-policy-not-keep');
      assert.match(f.message, /orphaned/);
      assert.match(f.message, /"retain"/);
      assert.deepEqual(f.data, { replacement: 'keep' });
    });

    it('flags "delete" (which does not mean "delete it")', () => {
      expectOne(hook('Secret', ['helm.sh/resource-policy: [["delete"]]']), 'resource-policy-not-keep');
    });

    it('flags an empty value', () => {
      expectOne(hook('Secret', ['helm.sh/resource-policy: [[""]]']), 'resource-policy-not-keep');
    });

    it('accepts keep with other case and spaces (Helm trims and lowercases)', () => {
      expectClean(hook('Secret', ['helm.sh/resource-policy: keep']));
      expectClean(hook('Secret', ['helm.sh/resource-policy: " Keep "']));
    });

    it('checks the literal branches of a quoted value and skips printed values', () => {
      const f = expectOne(hook('Secret', ['helm.sh/resource-policy: [["{{ if .Values.keep }}keep{{ else }}kept{{ end }}"]]']), 'resource-policy-not-keep');
      assert.match(f.message, /"kept"/);
      expectNone(hook('Secret', ['helm.sh/resource-policy: "{{ if .Values.keep }}keep{{ else }}Keep{{ end }}"']), 'resource-policy-not-keep');
      expectNone(hook('Secret', ['helm.sh/resource-policy: {{ .Values.policy }}']), 'resource-policy-not-keep');
      expectNone(hook('Secret', ['helm.sh/resource-policy: {{ .Values.policy | quote }}']), 'resource-policy-not-keep');
    });

    it('checks the literal branches of a plain value that starts with {{ if }}', () => {
      const f = expectOne(hook('Secret', ['helm.sh/resource-policy: [[{{ if .Values.keep }}keep{{ else }}kept{{ end }}]]']), 'resource-policy-not-keep');
      assert.match(f.message, /"kept"/);
    });
  });
});
