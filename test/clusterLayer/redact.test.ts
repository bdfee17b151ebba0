import { strict as assert } from 'node:assert';
import { REDACTED, redactManifest } from '../../client/src/cluster/manifests/redact';

describe('hook manifests shown without Secret data', () => {
  it('replaces every data and stringData value of a Secret, keeping keys and the rest', () => {
    const out = redactManifest(['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: db', 'data:', '  password: c2VjcmV0', 'stringData:', '  token: hunter2', ''].join('\n'));
    assert.ok(out !== undefined);
    assert.ok(!out.includes('c2VjcmV0') && !out.includes('hunter2'), out);
    assert.match(out, new RegExp(`password: ${REDACTED}`));
    assert.match(out, new RegExp(`token: ${REDACTED}`));
    assert.match(out, /name: db/);
  });

  it('leaves other kinds alone, and redacts the Secret among several documents', () => {
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\ndata:\n  not: secret\n';
    assert.equal(redactManifest(job), job);
    const both = redactManifest(`${job}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  k: dmFsdWU=\n`);
    assert.ok(both !== undefined && both.includes('not: secret') && !both.includes('dmFsdWU='), both);
  });

  it('shows nothing of a Secret it cannot parse, but shows other unparsable text as it is', () => {
    assert.equal(redactManifest('kind: Secret\ndata:\n  k: [unclosed\n'), undefined);
    assert.equal(redactManifest('kind: Job\nspec: [unclosed\n'), 'kind: Job\nspec: [unclosed\n');
  });
});
