import * as assert from 'node:assert/strict';
import { ChildProcess, fork, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { CaptureStore } from '../../../client/src/cluster/capture/store';
import { CaptureLimits, DEFAULT_LIMITS, RunKey } from '../../../client/src/cluster/capture/types';
import { ChildCommand, ChildReply, CONTAINER, lineOf, POD } from './childProtocol';

const INIT = { hookNamespace: 'shop', events: ['pre-install'], deletePolicies: ['hook-failed'], helmMajor: 3 as const };
const DAY = 24 * 3600 * 1000;

function keyOf(over: Partial<RunKey> = {}): RunKey {
  return { context: 'kind-dev', namespace: 'shop', release: 'shop', revision: 1, hookKind: 'Job', hookName: 'migrate', startedAt: '2026-03-01T10:00:00.123Z', ...over };
}

const linesOfText = (text: string): string[] => (text === '' ? [] : text.slice(0, -1).split('\n'));
const numbered = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => lineOf(from + i));

/** A process that has exited: its pid is dead, as a crashed window's is. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

async function filesUnder(dir: string): Promise<{ dirs: string[]; files: string[] }> {
  const out = { dirs: [dir], files: [] as string[] };
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const sub = await filesUnder(p);
      out.dirs.push(...sub.dirs);
      out.files.push(...sub.files);
    } else out.files.push(p);
  }
  return out;
}

describe('cluster capture: the store', () => {
  let tmp: string;
  let root: string;
  let now: number;
  const clock = () => now;
  const storeOf = (limits: Partial<CaptureLimits> = {}) => new CaptureStore(root, { ...DEFAULT_LIMITS, ...limits }, clock);

  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'capture-store-'));
    root = path.join(tmp, 'captures');
    now = Date.parse('2026-03-01T10:00:05Z');
  });
  afterEach(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  describe('what it keeps', () => {
    it('keeps every line of a small log, in order, with the container and its end', async () => {
      const w = (await storeOf().claim(keyOf(), INIT))!;
      w.container({ pod: POD, container: 'wait', init: true, podCreatedAt: '2026-03-01T10:00:01Z' });
      w.append(POD, CONTAINER, numbered(0, 40));
      w.append(POD, CONTAINER, numbered(40, 100));
      w.complete(POD, CONTAINER, { exitCode: 1, reason: 'Error' });
      await w.close(true);

      const run = (await storeOf().read(keyOf()))!;
      assert.equal(run.meta.closed, true);
      assert.deepEqual(
        run.containers.map((c) => [c.capture.container, c.capture.init, c.capture.lines]),
        [
          ['wait', true, 0],
          [CONTAINER, false, 100],
        ],
      );
      const main = run.containers[1];
      assert.deepEqual(linesOfText(main.head), numbered(0, 100));
      assert.equal(main.tail, '');
      assert.equal(main.capture.omittedLines, 0);
      assert.equal(main.capture.exitCode, 1);
      assert.equal(main.capture.reason, 'Error');
      assert.equal(main.capture.bytes, numbered(0, 100).join('\n').length + 1);
      assert.ok(run.size > main.capture.bytes);
    });

    it('keeps lines appended while it closes, and none appended after', async () => {
      const w = (await storeOf().claim(keyOf(), INIT))!;
      w.append(POD, CONTAINER, numbered(0, 5));
      let closed = false;
      const closing = w.close(true).then(() => (closed = true));
      w.append(POD, CONTAINER, numbered(5, 10));
      // Later, while the last batch is being written.
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(closed, false);
      w.append(POD, CONTAINER, numbered(10, 15));
      await closing;
      w.append(POD, CONTAINER, ['after close']);
      await w.flush();
      const c = (await storeOf().read(keyOf()))!.containers[0];
      assert.deepEqual(linesOfText(c.head), numbered(0, 15));
    });

    it('keeps the start and the end of a log many times the bound, and says exactly what the middle lost', async () => {
      const bound = 4096;
      const all = numbered(0, 2000); // about 100 KiB: 25 times the bound
      const w = (await storeOf({ perContainerBytes: bound }).claim(keyOf(), INIT))!;
      for (let i = 0; i < all.length; i += 13) w.append(POD, CONTAINER, all.slice(i, i + 13));
      await w.close(true);

      const c = (await storeOf().read(keyOf()))!.containers[0];
      const head = linesOfText(c.head);
      const tail = linesOfText(c.tail);
      assert.deepEqual(head, all.slice(0, head.length), 'the head is the start of the log');
      assert.deepEqual(tail, all.slice(all.length - tail.length), 'the tail is its end');
      assert.ok(head.length > 0 && tail.length > 0);
      assert.ok(Buffer.byteLength(c.head) <= bound / 2 && Buffer.byteLength(c.head + c.tail) <= bound);
      assert.ok(Buffer.byteLength(c.tail) >= bound / 4, 'at least a quarter of the bound of the end is kept');
      const middle = all.slice(head.length, all.length - tail.length);
      assert.equal(c.capture.lines, 2000);
      assert.equal(c.capture.omittedLines, middle.length);
      assert.equal(c.capture.omittedBytes, Buffer.byteLength(middle.join('\n') + '\n'));
      assert.equal(c.capture.bytes, Buffer.byteLength(all.join('\n') + '\n'));
    });

    it('cuts a single huge line with a marker, keeping the lines around it and valid UTF-8', async () => {
      const bound = 8192;
      const huge = 'é'.repeat(300_000);
      const w = (await storeOf({ perContainerBytes: bound }).claim(keyOf(), INIT))!;
      w.append(POD, CONTAINER, ['before', huge, 'after', 'two\nlines']);
      await w.close(true);

      const c = (await storeOf().read(keyOf()))!.containers[0];
      const lines = linesOfText(c.head + c.tail);
      assert.equal(lines.length, 4);
      assert.equal(lines[0], 'before');
      assert.match(lines[1], /^é+ \[… line cut: 600000 bytes\]$/);
      assert.ok(Buffer.byteLength(lines[1]) < bound / 4);
      assert.equal(lines[2], 'after');
      assert.equal(lines[3], 'two\\nlines', 'a newline inside a line does not break the line format');
      assert.equal(c.capture.lines, 4);
      assert.equal(c.capture.bytes, 7 + 600_001 + 6 + 10);
    });

    it('keeps names from the cluster inside the store, whatever they hold', async () => {
      const key = keyOf({ context: 'arn:aws:eks:eu/x', namespace: '..', release: '../../escape', hookName: 'a/b\\c', hookKind: 'Job.x', startedAt: '' });
      const w = (await storeOf().claim(key, INIT))!;
      w.append(POD, CONTAINER, ['hello']);
      await w.close(true);
      assert.deepEqual(await fs.readdir(tmp), ['captures']);
      const { files } = await filesUnder(root);
      assert.ok(files.every((f) => f.startsWith(root + path.sep)));
      assert.equal(linesOfText((await storeOf().read(key))!.containers[0].head)[0], 'hello');
      assert.deepEqual((await storeOf().list({ context: key.context, release: key.release })).map((m) => m.key), [key]);
    });
  });

  describe('privacy', () => {
    before(function () {
      if (process.platform === 'win32') this.skip();
    });

    it('creates its folders 0700 and its files 0600, also under a permissive umask', async () => {
      const old = process.umask(0);
      try {
        const w = (await storeOf({ perContainerBytes: 4096 }).claim(keyOf(), INIT))!;
        w.append(POD, CONTAINER, numbered(0, 200)); // head and tail segments
        await w.flush();
        const { dirs, files } = await filesUnder(root);
        assert.ok(files.some((f) => f.endsWith('run.lock')) && files.some((f) => f.includes('.tail.')));
        for (const d of dirs) assert.equal((await fs.stat(d)).mode & 0o777, 0o700, d);
        for (const f of files) assert.equal((await fs.stat(f)).mode & 0o777, 0o600, f);
        await w.close(true);
      } finally {
        process.umask(old);
      }
    });
  });

  describe('one writer per run', () => {
    it('refuses a second claim while the writer lives, and resumes after it closed with the lines it captured', async () => {
      const first = (await storeOf().claim(keyOf(), INIT))!;
      assert.equal(first.resumed, false);
      first.append(POD, CONTAINER, numbered(0, 10));
      first.note({ kind: 'started', text: 'following' });
      await first.flush();
      assert.equal(await storeOf().claim(keyOf(), INIT), undefined, 'another window gets nothing while this one writes');

      await first.close(false);
      const second = (await storeOf().claim(keyOf(), INIT))!;
      assert.equal(second.resumed, true);
      assert.equal(second.linesOf(POD, CONTAINER), 10);
      assert.equal(second.linesOf(POD, 'other'), 0);
      assert.deepEqual(
        second.meta.notes.map((n) => n.kind),
        ['started'],
      );
      second.append(POD, CONTAINER, numbered(10, 15));
      await second.close(true);
      assert.deepEqual(linesOfText((await storeOf().read(keyOf()))!.containers[0].head), numbered(0, 15));
    });

    it('resumes after a crash without doubled lines: bytes written after the last commit are cut off', async () => {
      const crashed = (await storeOf().claim(keyOf(), INIT))!;
      crashed.append(POD, CONTAINER, numbered(0, 10));
      await crashed.flush();
      // The window dies while writing its next batch: log bytes on disk that run.json never recorded...
      const dir = path.dirname((await filesUnder(root)).files.find((f) => f.endsWith('run.json'))!);
      await fs.appendFile(path.join(dir, 'c0.head.log'), lineOf(10) + '\n' + lineOf(11) + '\nline 0000');
      await fs.writeFile(path.join(dir, 'c0.tail.0.log'), lineOf(12) + '\n');
      // ...and a lock naming a process that is gone.
      await fs.writeFile(path.join(dir, 'run.lock'), JSON.stringify({ pid: await deadPid(), hostname: os.hostname(), instance: 'gone' }));

      const next = (await storeOf().claim(keyOf(), INIT))!;
      assert.equal(next.resumed, true);
      assert.equal(next.linesOf(POD, CONTAINER), 10, 'the follower re-reads from line 10');
      next.append(POD, CONTAINER, numbered(10, 20));
      await next.flush();

      // The abandoned writer, if it wakes, finds the run taken and writes nothing.
      crashed.append(POD, CONTAINER, ['late line']);
      await crashed.close(true);
      assert.equal(crashed.stopped, true);

      await next.close(true);
      const c = (await storeOf().read(keyOf()))!.containers[0];
      assert.deepEqual(linesOfText(c.head + c.tail), numbered(0, 20));
      assert.equal(c.capture.lines, 20);
      assert.ok(!(await fs.readdir(dir)).includes('c0.tail.0.log'), 'a segment no commit named is removed');
    });

    it('takes over a run whose writer stopped its heartbeat more than 20 s ago', async () => {
      const frozen = (await storeOf().claim(keyOf(), INIT))!;
      const lock = (await filesUnder(root)).files.find((f) => f.endsWith('run.lock'))!;
      // Another machine sharing the folder: its pid cannot be checked, only its heartbeat.
      const owner = JSON.parse(await fs.readFile(lock, 'utf8')) as Record<string, unknown>;
      await fs.writeFile(lock, JSON.stringify({ ...owner, hostname: 'another-host' }));
      await fs.utimes(lock, now / 1000, now / 1000);
      now += 15_000;
      assert.equal(await storeOf().claim(keyOf(), INIT), undefined);
      now += 6_000;
      const next = await storeOf().claim(keyOf(), INIT);
      assert.equal(next?.resumed, true);
      await next.close(true);
      await frozen.close(false);
    });

    it('two processes writing one run, taking over from each other: every line once, in order', async function () {
      this.timeout(120_000);
      const key = keyOf();
      const script = path.join(__dirname, 'storeChild.js');
      const children: ChildProcess[] = [];
      const spawnChild = () => {
        const c = fork(script, [root, JSON.stringify(key)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(c);
        return c;
      };
      const next = (c: ChildProcess, type: ChildReply['type'], until: (r: ChildReply) => boolean = () => true) =>
        new Promise<ChildReply>((resolve, reject) => {
          const onMessage = (r: ChildReply) => {
            if (r.type === type && until(r)) {
              c.off('message', onMessage);
              c.off('exit', onExit);
              resolve(r);
            }
          };
          const onExit = (code: number | null) => reject(new Error(`child exited (${code}) before '${type}'`));
          c.on('message', onMessage);
          c.once('exit', onExit);
        });
      const send = (c: ChildProcess, m: ChildCommand) => c.send(m);
      const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)));

      const total = 3000;
      let pair = [spawnChild(), spawnChild()];
      let from = 0;
      try {
        for (const [round, ending] of (['close', 'kill', 'kill', 'close', 'finish'] as const).entries()) {
          // Both claim at once: exactly one gets the run.
          const claims = await Promise.all(pair.map((c) => (send(c, { cmd: 'claim' }), next(c, 'claim'))));
          const winners = claims.flatMap((r, i) => (r.type === 'claim' && r.ok ? [i] : []));
          assert.equal(winners.length, 1, `round ${round}: one claim wins`);
          const holder = pair[winners[0]];
          const claimed = claims[winners[0]] as Extract<ChildReply, { type: 'claim' }>;
          assert.equal(claimed.resumed, round > 0);
          assert.ok(claimed.from >= from, 'nothing committed is lost');
          from = claimed.from;

          if (ending === 'kill') {
            // Killed mid-write, at whatever point its loop has reached: the next holder must cut back exactly.
            send(holder, { cmd: 'write' });
            await next(holder, 'progress', (r) => r.type === 'progress' && r.flushed >= from + 300);
            holder.kill('SIGKILL');
          } else {
            const until = ending === 'finish' ? total : from + 400;
            send(holder, { cmd: 'write', until, finished: ending === 'finish' });
            const closed = await next(holder, 'closed');
            assert.equal(closed.type === 'closed' && closed.lines, until);
            send(holder, { cmd: 'exit' });
          }
          await exited(holder);
          pair = pair.map((c) => (c === holder ? spawnChild() : c));
        }
      } finally {
        for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill();
        await Promise.all(children.map(exited));
      }

      const runJson = (await filesUnder(root)).files.find((f) => f.endsWith('run.json'))!;
      const text = await fs.readFile(runJson, 'utf8');
      assert.doesNotThrow(() => JSON.parse(text) as unknown);
      const run = (await storeOf().read(key))!;
      assert.equal(run.meta.closed, true);
      const c = run.containers[0];
      assert.equal(c.capture.omittedLines, 0);
      assert.equal(c.capture.lines, total);
      assert.deepEqual(linesOfText(c.head), numbered(0, total));
    });
  });

  describe('listing', () => {
    it('lists runs newest first, narrowed by release, revision and hook', async () => {
      const store = storeOf();
      const keys = [
        keyOf({ startedAt: '2026-03-01T10:00:00Z' }),
        keyOf({ startedAt: '2026-03-02T10:00:00Z', revision: 2 }),
        keyOf({ startedAt: '2026-03-03T10:00:00Z', revision: 2, hookName: 'seed' }),
        keyOf({ startedAt: '2026-03-04T10:00:00Z', release: 'other' }),
        keyOf({ startedAt: '2026-03-05T10:00:00Z', context: 'prod' }),
      ];
      for (const k of keys) await (await store.claim(k, INIT))!.close(true);
      const starts = (ms: { key: RunKey }[]) => ms.map((m) => m.key.startedAt.slice(8, 10));
      assert.deepEqual(starts(await store.listAll()), ['05', '04', '03', '02', '01']);
      assert.deepEqual(starts(await store.list({ context: 'kind-dev' })), ['04', '03', '02', '01']);
      assert.deepEqual(starts(await store.list({ context: 'kind-dev', release: 'shop' })), ['03', '02', '01']);
      assert.deepEqual(starts(await store.list({ context: 'kind-dev', release: 'shop', revision: 2 })), ['03', '02']);
      assert.deepEqual(starts(await store.list({ context: 'kind-dev', hookName: 'seed' })), ['03']);
      assert.deepEqual(await store.list({ context: 'nowhere' }), []);
    });

    it('skips a damaged or unknown run.json in lists, and reads it as no capture, without throwing', async () => {
      const store = storeOf();
      const good = keyOf({ startedAt: '2026-03-01T10:00:00Z' });
      await (await store.claim(good, INIT))!.close(true);
      for (const [i, text] of ['{"format":1,"key":{"cont', 'not json', '{"format":2}', '[]', ''].entries()) {
        const k = keyOf({ startedAt: `2026-03-0${i + 2}T10:00:00Z` });
        await (await store.claim(k, INIT))!.close(true);
        const runJson = (await filesUnder(root)).files.find((f) => f.endsWith('run.json') && f.includes(`2026-03-0${i + 2}`))!;
        await fs.writeFile(runJson, text);
        assert.equal(await store.read(k), undefined);
      }
      assert.deepEqual(
        (await store.listAll()).map((m) => m.key),
        [good],
      );
      assert.deepEqual(
        (await store.list({ context: good.context })).map((m) => m.key),
        [good],
      );
    });
  });

  describe('prune and clear', () => {
    async function capture(store: CaptureStore, key: RunKey, lines: number, close = true) {
      const w = (await store.claim(key, INIT))!;
      w.append(POD, CONTAINER, numbered(0, lines));
      if (close) await w.close(true);
      else await w.flush();
      return w;
    }

    it('drops runs older than the age limit, but not one being written', async () => {
      const store = storeOf({ maxAgeMs: 14 * DAY });
      await capture(store, keyOf({ startedAt: 'old' }), 10);
      const held = await capture(store, keyOf({ startedAt: 'held' }), 10, false);
      now += 10 * DAY;
      await capture(store, keyOf({ startedAt: 'recent' }), 10);
      now += 5 * DAY;
      const { removedRuns, freedBytes } = await store.prune();
      assert.equal(removedRuns, 1);
      assert.ok(freedBytes > 0);
      assert.deepEqual((await store.listAll()).map((m) => m.key.startedAt).sort(), ['held', 'recent']);
      // Closing is its last write: it ages from then.
      await held.close(true);
      now += 13 * DAY;
      assert.equal((await store.prune()).removedRuns, 1);
      assert.deepEqual((await store.listAll()).map((m) => m.key.startedAt), ['held']);
    });

    it('drops the oldest runs until the store is within its total, sparing a held run, and removes emptied folders', async () => {
      const store = storeOf();
      const held = await capture(store, keyOf({ startedAt: '2026-03-01T00:00:00Z' }), 200, false);
      const gone = ['2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z'];
      for (const [i, s] of gone.entries()) {
        now += DAY;
        await capture(store, keyOf({ startedAt: s, context: `old-${i}` }), 200);
      }
      now += DAY;
      await capture(store, keyOf({ startedAt: '2026-03-04T00:00:00Z' }), 200);
      const sizes = await Promise.all((await store.listAll()).map(async (m) => (await store.read(m.key))!.size));
      const small = new CaptureStore(root, { ...DEFAULT_LIMITS, totalBytes: sizes[0] + sizes[3] + 100 }, clock);

      const { removedRuns, freedBytes } = await small.prune();
      assert.equal(removedRuns, 2);
      assert.equal(freedBytes, sizes[1] + sizes[2]);
      assert.deepEqual((await store.listAll()).map((m) => m.key.startedAt), ['2026-03-04T00:00:00Z', '2026-03-01T00:00:00Z']);
      assert.equal((await fs.readdir(root)).length, 1, 'the contexts whose runs all went are removed');
      await held.close(true);
    });

    it('clears every run but the one being written', async () => {
      const store = storeOf();
      await capture(store, keyOf({ startedAt: 'a' }), 5);
      await capture(store, keyOf({ startedAt: 'b', namespace: 'other' }), 5);
      const held = await capture(store, keyOf({ startedAt: 'c' }), 5, false);
      assert.equal(await store.clear(), 2);
      assert.deepEqual((await store.listAll()).map((m) => m.key.startedAt), ['c']);
      held.append(POD, CONTAINER, ['still writing']);
      await held.close(true);
      assert.equal((await store.read(keyOf({ startedAt: 'c' })))!.containers[0].capture.lines, 6);
      assert.equal(await store.clear(), 1);
      assert.deepEqual(await fs.readdir(root), []);
    });
  });
});
