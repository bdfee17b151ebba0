import * as assert from 'node:assert/strict';
import { RenderScheduler } from '../../client/src/render';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A run that lasts until aborted or `ms` pass, logging what happened. */
function recorder(ms: number): { log: string[]; running: Map<string, number>; maxAtOnce: number; run(key: string, signal: AbortSignal): Promise<void> } {
  const rec = {
    log: [] as string[],
    running: new Map<string, number>(),
    maxAtOnce: 0,
    async run(key: string, signal: AbortSignal): Promise<void> {
      const n = (rec.running.get(key) ?? 0) + 1;
      rec.running.set(key, n);
      rec.maxAtOnce = Math.max(rec.maxAtOnce, n);
      rec.log.push(`start ${key}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          resolve();
        });
      });
      rec.log.push(`${signal.aborted ? 'aborted' : 'done'} ${key}`);
      rec.running.set(key, (rec.running.get(key) ?? 1) - 1);
    },
  };
  return rec;
}

describe('editor rendering: on-save scheduling per chart', () => {
  it('debounces a burst of saves into one run', async () => {
    const rec = recorder(5);
    const s = new RenderScheduler({ delayMs: 30, run: (k, sig) => rec.run(k, sig) });
    for (let i = 0; i < 5; i++) {
      s.schedule('a');
      await sleep(5);
    }
    assert.deepEqual(rec.log, [], 'nothing before the quiet time');
    await sleep(50);
    await s.idle();
    assert.deepEqual(rec.log, ['start a', 'done a']);
  });

  it('cancels a stale run and runs again after it ended, never two runs of one chart at once', async () => {
    const rec = recorder(200);
    const s = new RenderScheduler({ delayMs: 5, run: (k, sig) => rec.run(k, sig) });
    s.schedule('a');
    await sleep(30);
    s.schedule('a');
    await sleep(30);
    await s.idle();
    assert.deepEqual(rec.log, ['start a', 'aborted a', 'start a', 'done a']);
    assert.equal(rec.maxAtOnce, 1);
  });

  it('runs different charts independently', async () => {
    const rec = recorder(40);
    const s = new RenderScheduler({ delayMs: 5, run: (k, sig) => rec.run(k, sig) });
    s.schedule('a');
    s.schedule('b');
    await sleep(20);
    assert.equal(s.busy('a') && s.busy('b'), true);
    await s.idle();
    assert.deepEqual([...rec.log].sort(), ['done a', 'done b', 'start a', 'start b']);
    assert.equal(s.busy('a'), false);
  });

  it('cancel and dispose drop pending requests and abort runs; a throwing run is reported, not lost', async () => {
    const rec = recorder(1000);
    const errors: string[] = [];
    const s = new RenderScheduler({
      delayMs: 5,
      run: async (k, sig) => {
        if (k === 'bad') throw new Error('boom');
        await rec.run(k, sig);
      },
      onError: (k, e) => errors.push(`${k}: ${(e as Error).message}`),
    });
    s.schedule('x', 1000);
    s.cancel('x');
    s.schedule('a');
    s.schedule('bad');
    await sleep(30);
    s.dispose();
    s.schedule('a');
    await s.idle();
    assert.deepEqual(rec.log, ['start a', 'aborted a']);
    assert.deepEqual(errors, ['bad: boom']);
  });
});
