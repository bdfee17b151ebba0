import * as assert from 'node:assert/strict';
import { indexOfSlashed } from '../../../engine/text/search';

describe('indexOfSlashed', () => {
  it('finds what indexOf finds, from any offset', () => {
    const text = 'helm.sh/hook: a\nx/hook\nhelm.sh/hooks helm.sh/ /helm.sh/hook';
    for (const needle of ['helm.sh/hook', 'helm.sh/', '/hook', 'sh/h', 'helm', 'nothing/here']) {
      for (let from = 0; from <= text.length; from++) assert.equal(indexOfSlashed(text, needle, from), text.indexOf(needle, from), `${needle} from ${from}`);
    }
  });
});
