import * as assert from 'node:assert/strict';
import { compareNames, NamePart } from '../../../engine/chart';

const lit = (s: string): NamePart => ({ lit: s });
const dyn = (s: string): NamePart => ({ dyn: s });
const FULL = dyn('{{ include "x.fullname" . }}');

describe('chart layer: compareNames (order of names known before rendering?)', () => {
  it('literal names compare bytewise', () => {
    assert.equal(compareNames([lit('a')], 'c', [lit('b')], 'c'), 'before');
    assert.equal(compareNames([lit('B')], 'c', [lit('a')], 'c'), 'before');
    assert.equal(compareNames([lit('migrate-db')], 'c', [lit('migrate')], 'c'), 'after');
    assert.equal(compareNames([lit('x')], 'c', [lit('x')], 'c'), 'equal');
  });

  it('the same helper in the same chart renders the same start: the rest decides', () => {
    assert.equal(compareNames([FULL, lit('-a')], 'c', [FULL, lit('-b')], 'c'), 'before');
    assert.equal(compareNames([FULL], 'c', [FULL, lit('-b')], 'c'), 'before');
    assert.equal(compareNames([FULL, lit('-x')], 'c', [FULL, lit('-x')], 'c'), 'equal');
  });

  it('different template output, or the same helper in another chart, leaves the order open', () => {
    assert.equal(compareNames([FULL, lit('-a')], 'c', [dyn('{{ .Release.Name }}'), lit('-a')], 'c'), 'unknown');
    assert.equal(compareNames([FULL, lit('-a')], 'c', [FULL, lit('-b')], 'c/charts/sub'), 'unknown');
    assert.equal(compareNames([lit('x')], 'c', [lit('x'), dyn('{{ .Values.suffix }}')], 'c'), 'unknown', 'the suffix may render empty');
  });

  it('release-wide values render the same in a parent chart and its subcharts', () => {
    const rel = dyn('{{ .Release.Name }}');
    assert.equal(compareNames([rel, lit('-a')], 'c', [rel, lit('-b')], 'c/charts/sub'), 'before');
  });
});
