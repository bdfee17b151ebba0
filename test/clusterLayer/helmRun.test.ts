import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locateHelm } from '../../client/src/cluster/helm/locate';
import { HelmProblem } from '../../node/helm/problem';
import { runHelm } from '../../node/helm/run';
import { alive } from '../helpers/processes';

// Stand-ins for helm, used only for faults the real helm cannot be made to show on demand (hanging, ignoring
// SIGTERM); the real helm 3 and 4 are run against the local cluster in test/cluster/helm-test.test.ts.
let dir: string;
function fakeHelm(name: string, script: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return file;
}

describe('running helm', () => {
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-fake-helm-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('streams what helm prints as it prints it, and passes the arguments untouched by any shell', async () => {
    // The fake helm prints, then waits until this test has seen that output: it can only end if the
    // output arrived while it still ran.
    const seen = path.join(dir, 'seen');
    const helm = fakeHelm('echo-helm', `for a in "$@"; do echo "arg:$a"; done; echo oops >&2; while [ ! -e '${seen}' ]; do sleep 0.05; done; echo late; exit 1`);
    const chunks: string[] = [];
    const run = runHelm(helm, ['test', 'shop', '--kube-context=a b; echo pwned', '$(id)'], {
      env: process.env,
      deadlineMs: 20_000,
      onOutput: (text, stream) => {
        chunks.push(`${stream}:${text}`);
        if (chunks.join('').includes('oops')) fs.writeFileSync(seen, '');
      },
    });
    const exit = await run.done;
    assert.equal(exit.timedOut, false, 'the output reached the test before helm ended');
    assert.equal(exit.code, 1);
    assert.equal(exit.stdout, 'arg:test\narg:shop\narg:--kube-context=a b; echo pwned\narg:$(id)\nlate\n');
    assert.equal(exit.stderr, 'oops\n');
  });

  it('stops a hanging helm at the deadline, even one that ignores SIGTERM', async () => {
    const helm = fakeHelm('hanging-helm', "trap '' TERM; echo started; while true; do sleep 1; done");
    const run = runHelm(helm, ['test', 'shop'], { env: process.env, deadlineMs: 500, graceMs: 500 });
    const exit = await run.done;
    assert.equal(exit.timedOut, true);
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal(alive(run.pid!), false);
  });

  it('cancel ends helm and says it was cancelled', async () => {
    const helm = fakeHelm('slow-helm', 'echo started; exec sleep 60');
    // Cancel once helm is visibly running.
    const run = runHelm(helm, ['test', 'shop'], { env: process.env, deadlineMs: 60_000, onOutput: () => run.cancel() });
    const exit = await run.done;
    assert.equal(exit.cancelled, true);
    assert.equal(exit.signal, 'SIGTERM');
    assert.equal(exit.code, null, 'no exit code: helm was ended by a signal');
    assert.equal(alive(run.pid!), false);
  });

  it('a helm that prints more than 32 MiB is not killed, its output streams in full, and only a tail is kept', async () => {
    // A node script stands in for a very verbose helm: the real one cannot be made to print 40 MiB on demand.
    const total = 40 * 1024 * 1024;
    const script = `const line = 'x'.repeat(1023) + '\\n'; const n = ${total / 1024}; let i = 0;
      (function write() { while (i < n) { i++; if (!process.stdout.write(line)) return process.stdout.once('drain', write); } process.stderr.write('done\\n'); })();`;
    let streamed = 0;
    let lines = 0;
    const run = runHelm(process.execPath, ['-e', script], {
      env: process.env,
      deadlineMs: 120_000,
      onOutput: (text, stream) => {
        if (stream !== 'stdout') return;
        streamed += text.length;
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
      },
    });
    const exit = await run.done;
    assert.equal(exit.signal, null, 'not killed');
    assert.equal(exit.code, 0);
    assert.equal(streamed, total);
    assert.equal(lines, total / 1024);
    assert.equal(exit.stdout.length, 64 * 1024, 'only the tail is kept');
    assert.equal(exit.stderr, 'done\n');
  });

  it('cancel through an AbortSignal, and keep a tail of the size asked for', async () => {
    const helm = fakeHelm('chatty-helm', 'echo 0123456789; exec sleep 60');
    const abort = new AbortController();
    const run = runHelm(helm, ['test'], { env: process.env, deadlineMs: 60_000, signal: abort.signal, tailChars: 4, onOutput: () => abort.abort() });
    const exit = await run.done;
    assert.equal(exit.cancelled, true);
    assert.equal(exit.stdout, '789\n');
    assert.equal(alive(run.pid!), false);
  });

  it('a helm that is not there is a missing-helm problem, not a crash', async () => {
    const exit = await runHelm(path.join(dir, 'no-such-helm'), ['version'], { env: process.env, deadlineMs: 5000 }).done;
    assert.equal(exit.startProblem?.kind, 'missing');
  });
});

describe('finding helm', () => {
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-fake-helm-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes the first executable helm on PATH', () => {
    const bin1 = path.join(dir, 'bin1');
    const bin2 = path.join(dir, 'bin2');
    fs.mkdirSync(bin1);
    fs.mkdirSync(bin2);
    fs.writeFileSync(path.join(bin1, 'helm'), 'not executable', { mode: 0o644 });
    fs.writeFileSync(path.join(bin2, 'helm'), '#!/bin/sh\n', { mode: 0o755 });
    assert.equal(locateHelm(undefined, { PATH: [bin1, bin2].join(path.delimiter) }), path.join(bin2, 'helm'));
  });

  it('says where it looked when helm is nowhere, and what to do', () => {
    assert.throws(
      () => locateHelm('', { PATH: dir }),
      (e: unknown) => e instanceof HelmProblem && e.kind === 'missing' && /not found on PATH.*set helmHooks\.helmPath/.test(e.message),
    );
  });

  it('checks the configured path: absolute, present, executable', () => {
    assert.throws(() => locateHelm('bin/helm', {}), /must be an absolute path/);
    assert.throws(() => locateHelm(path.join(dir, 'nope'), {}), (e: unknown) => e instanceof HelmProblem && e.kind === 'missing');
    fs.writeFileSync(path.join(dir, 'plain'), 'x', { mode: 0o644 });
    assert.throws(() => locateHelm(path.join(dir, 'plain'), {}), (e: unknown) => e instanceof HelmProblem && e.kind === 'not-executable');
    const good = fakeHelm('good-helm', 'exit 0');
    assert.equal(locateHelm(` ${good} `, {}), good);
  });
});
