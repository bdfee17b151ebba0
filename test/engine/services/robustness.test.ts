import * as assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Completion, hover and fixes at every offset of the property seeds and at random offsets of mutated
 * templates, in a child process: a hang fails this test (naming the input) instead of the whole run.
 */
describe('services: any input, any cursor', function () {
  this.timeout(90_000);

  it('never throw or hang, and keep every range inside the text', async () => {
    const inputFile = path.join(os.tmpdir(), `helm-hooks-services-${process.pid}.txt`);
    const child = fork(path.join(__dirname, 'servicesWorker.js'), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const outcome = await new Promise<{ type: string; message?: string }>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({ type: 'timeout' });
      }, 60_000);
      child.once('message', (m: { type: string; message?: string }) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ type: 'crashed', message: `exit ${code}: ${stderr.slice(0, 2000)}` });
      });
      child.send({ numRuns: 200, inputFile });
    });
    const last = fs.existsSync(inputFile) ? fs.readFileSync(inputFile, 'utf8') : '';
    fs.rmSync(inputFile, { force: true });
    assert.equal(outcome.type, 'done', `${outcome.type}: ${outcome.message ?? ''}\nlast input: ${JSON.stringify(last.slice(0, 2000))}`);
  });
});
