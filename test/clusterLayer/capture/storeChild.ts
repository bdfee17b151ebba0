// A window's capture in its own process, for the two-process store test: claims one run when told, and appends
// numbered lines from where the run left off, until told how far, or until the test kills it.
import { CaptureStore } from '../../../client/src/cluster/capture/store';
import { RunKey, RunWriter } from '../../../client/src/cluster/capture/types';
import { ChildCommand, ChildReply, CONTAINER, lineOf, POD } from './childProtocol';

const [root, keyJson] = process.argv.slice(2);
const store = new CaptureStore(root);
const key = JSON.parse(keyJson) as RunKey;
let writer: RunWriter | undefined;

const reply = (r: ChildReply) => process.send?.(r);

async function write(until: number | undefined, finished: boolean): Promise<void> {
  const w = writer!;
  let n = w.linesOf(POD, CONTAINER);
  for (let batch = 0; until === undefined || n < until; batch++) {
    const lines: string[] = [];
    for (let i = 0; i < 7 && (until === undefined || n < until); i++) lines.push(lineOf(n++));
    w.append(POD, CONTAINER, lines);
    if (batch % 5 === 4) {
      await w.flush();
      reply({ type: 'progress', flushed: w.linesOf(POD, CONTAINER) });
    }
  }
  await w.close(finished);
  reply({ type: 'closed', lines: n });
}

process.on('message', (m: ChildCommand) => {
  if (m.cmd === 'claim') {
    void store.claim(key, { hookNamespace: key.namespace, events: ['pre-install'], deletePolicies: ['hook-failed'], helmMajor: 3 }).then((w) => {
      writer = w;
      if (w) w.container({ pod: POD, container: CONTAINER, init: false, podCreatedAt: '2026-01-01T00:00:00Z' });
      reply({ type: 'claim', ok: w !== undefined, resumed: w?.resumed ?? false, from: w?.linesOf(POD, CONTAINER) ?? 0 });
    });
  } else if (m.cmd === 'write') {
    void write(m.until, m.finished ?? false);
  } else {
    process.disconnect();
  }
});
