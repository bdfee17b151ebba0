/** Child-process side of guard.ts: runs one task and reports back over IPC. */
import * as fs from 'node:fs';
import { analyzeTemplate } from '../../engine';
import type { GuardTask } from './guard';

process.once('message', (msg: { task: GuardTask; inputFile: string }) => {
  const { task, inputFile } = msg;
  // written synchronously, so the parent can name the input even if the engine never returns
  const seen = (text: string): void => fs.writeFileSync(inputFile, text);
  const send = (m: object): void => {
    process.send?.(m, undefined, undefined, () => process.disconnect());
  };
  try {
    if (task.kind === 'analyze') {
      seen(task.text);
      send({ type: 'done', findings: analyzeTemplate(task.text).findings });
    } else {
      // Loaded only for property tasks: analyze tasks run under a small heap limit.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous, lazy load
      const { PROPERTIES } = require('./properties') as typeof import('./properties');
      const property = PROPERTIES[task.name];
      if (property === undefined) throw new Error(`no property ${task.name}`);
      property(task.numRuns, seen);
      send({ type: 'done' });
    }
  } catch (e) {
    send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
});
