/** Child-process side of robustness.test.ts: fuzzes the editor services and reports back over IPC. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { analyzeTemplate } from '../../../engine';
import { applyEdits, completionsAt, disableLineFix, fixAll, fixesFor, hoverAt, TextEdit } from '../../../engine/services';
import { mutatedPlainWsArb, SEEDS } from '../properties';

function inText(text: string, start: number, end: number, what: string): void {
  assert.ok(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= text.length, `${what}: range ${start}-${end} outside 0-${text.length}`);
}

function checkEdits(text: string, edits: readonly TextEdit[], what: string): void {
  for (const e of edits) inText(text, e.start, e.end, what);
  applyEdits(text, edits);
}

/** Every service at `offsets` and every fix of every finding: no throw, ranges inside the text, the cursor inside completion ranges. */
function checkAll(text: string, offsets: readonly number[]): void {
  for (const o of offsets) {
    for (const item of completionsAt(text, o).items) {
      inText(text, item.start, item.end, 'completion');
      assert.ok(item.start <= o && o <= item.end, `completion range ${item.start}-${item.end} misses the cursor ${o}`);
    }
    const h = hoverAt(text, o);
    if (h !== undefined) inText(text, h.start, h.end, 'hover');
  }
  for (const f of analyzeTemplate(text).findings) {
    for (const fx of fixesFor(text, f)) checkEdits(text, fx.edits, `fix ${fx.title}`);
    const d = disableLineFix(text, f);
    if (d !== undefined) checkEdits(text, d.edits, 'disable');
  }
  checkEdits(text, fixAll(text).edits, 'fix all');
}

process.once('message', (msg: { numRuns: number; inputFile: string }) => {
  const seen = (text: string): void => fs.writeFileSync(msg.inputFile, text);
  const send = (m: object): void => {
    process.send?.(m, undefined, undefined, () => process.disconnect());
  };
  try {
    for (const s of SEEDS) {
      seen(s);
      checkAll(s, Array.from({ length: s.length + 1 }, (_, i) => i));
    }
    fc.assert(
      fc.property(mutatedPlainWsArb, fc.array(fc.nat(), { maxLength: 40 }), (s, picks) => {
        seen(s);
        checkAll(s, picks.map((p) => p % (s.length + 1)));
      }),
      { numRuns: msg.numRuns },
    );
    send({ type: 'done' });
  } catch (e) {
    send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
});
