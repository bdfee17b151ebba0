import { strict as assert } from 'node:assert';
import { NotesFilter } from '../../client/src/cluster/helm/notes';

const OUTPUT = `NAME: shop
STATUS: deployed
TEST SUITE:     shop-smoke
Phase:          Succeeded
NOTES:
Your admin password is hunter2
Run: kubectl port-forward svc/shop 8080
`;

describe('helm output without the release NOTES', () => {
  it('passes the test report and hides the notes, which may hold secrets', () => {
    const f = new NotesFilter();
    const shown = f.push(OUTPUT) + f.flush();
    assert.match(shown, /TEST SUITE:\s+shop-smoke\nPhase:\s+Succeeded\n/);
    assert.doesNotMatch(shown, /hunter2/);
    assert.match(shown, /the release NOTES are not shown here/);
  });

  it('holds a line split across chunks until it is whole, so a split "NOTES:" is still caught', () => {
    const f = new NotesFilter();
    let shown = '';
    for (let i = 0; i < OUTPUT.length; i += 3) shown += f.push(OUTPUT.slice(i, i + 3));
    shown += f.flush();
    assert.doesNotMatch(shown, /hunter2/);
    assert.match(shown, /^NAME: shop\nSTATUS: deployed\n/);
  });

  it('leaves output without notes as it is', () => {
    const f = new NotesFilter();
    assert.equal(f.push('TEST SUITE: a\nPhase: Failed\nno newline at the end') + f.flush(), 'TEST SUITE: a\nPhase: Failed\nno newline at the end');
  });
});
