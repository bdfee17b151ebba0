import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { ServerProcess } from './serverProcess';

const hook = (name: string, weight: string): string =>
  ['apiVersion: batch/v1', 'kind: Job', 'metadata:', `  name: ${name}`, '  annotations:', '    helm.sh/hook: pre-install', `    helm.sh/hook-weight: "${weight}"`, ''].join('\n');

const tieLines = (p: PublishDiagnosticsParams): number[] => p.diagnostics.filter((d) => d.code === 'hook-weight-tie').map((d) => d.range.start.line);

/**
 * The keystroke path publishes a document's own findings with its last known ties, moved through the
 * edit; the chart index's batched change computes the ties again and republishes when they changed.
 */
describe('language server: weight ties while typing', function () {
  let server: ServerProcess;
  let root: string;

  /** A chart whose closed `other.yaml` holds a pre-install hook `b-other` at weight 5. */
  const chart = (name: string): ((rel: string) => string) => {
    const dir = path.join(root, name);
    fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
    fs.writeFileSync(path.join(dir, 'templates', 'other.yaml'), hook('b-other', '5'));
    return (rel) => pathToFileURL(path.join(dir, 'templates', rel)).href;
  };

  /** An incremental one-line edit. */
  const edit = (uri: string, version: number, line: number, from: number, to: number, text: string): Promise<PublishDiagnosticsParams> =>
    server.change(uri, version, [{ range: { start: { line, character: from }, end: { line, character: to } }, text }]);

  /** Another publish of `version` within `ms`, if any. */
  const republished = async (uri: string, version: number, ms: number): Promise<PublishDiagnosticsParams | undefined> =>
    server.nextDiagnostics(uri, version, ms).catch(() => undefined);

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-ties-'));
    server = new ServerProcess();
    await server.initialize();
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('moves the last known tie with the text at once, and republishes nothing when the ties did not change', async () => {
    const uri = chart('moved')('job.yaml');
    assert.deepEqual(tieLines(await server.open(uri, hook('a-job', '5'))), [6]);
    const p = await edit(uri, 2, 0, 0, 0, '# the migration\n');
    assert.deepEqual(tieLines(p), [7], 'on the weight, one line down');
    assert.equal(await republished(uri, 2, 400), undefined, 'the recomputed tie is the same');
  });

  it('an edit that makes a tie: the batched recheck republishes the same version with it', async () => {
    const uri = chart('made')('job.yaml');
    assert.deepEqual(tieLines(await server.open(uri, hook('a-job', '1'))), []);
    const first = edit(uri, 2, 6, 26, 27, '5');
    const second = first.then(() => server.nextDiagnostics(uri, 2, 2000));
    assert.deepEqual(tieLines(await first), [], 'the edit itself is answered with the ties last known');
    assert.deepEqual(tieLines(await second), [6]);
  });

  it('an edit that breaks a tie: the touched tie goes at once, the stale one on the other hook with the recheck', async () => {
    const uri = chart('broken')('job.yaml');
    const text = `${hook('a-job', '5')}---\n${hook('c-job', '7')}`;
    assert.deepEqual(tieLines(await server.open(uri, text)), [6]);
    // c-job's weight 7 -> 5: it ties too, at line 14.
    const tied = edit(uri, 2, 14, 26, 27, '5');
    const settled = tied.then(() => server.nextDiagnostics(uri, 2, 2000));
    assert.deepEqual(tieLines(await tied), [6]);
    assert.deepEqual(tieLines(await settled), [6, 14]);
    // a-job's weight 5 -> 1: its own tie was under the edit; c-job's is stale until the recheck.
    const untied = edit(uri, 3, 6, 26, 27, '1');
    const after = untied.then(() => server.nextDiagnostics(uri, 3, 2000));
    assert.deepEqual(tieLines(await untied), [14]);
    assert.deepEqual(tieLines(await after), [14], 'c-job still ties with b-other');
    assert.deepEqual(tieLines(await edit(uri, 4, 14, 26, 27, '9')), []);
    assert.equal(await republished(uri, 4, 400), undefined, 'nothing left to change, nothing republished');
  });

  it('a disable comment typed above the weight silences the last known tie at once', async () => {
    const uri = chart('muted')('job.yaml');
    assert.deepEqual(tieLines(await server.open(uri, hook('a-job', '5'))), [6]);
    const p = await edit(uri, 2, 6, 0, 0, '    # helm-hooks-disable-next-line hook-weight-tie\n');
    assert.deepEqual(p.diagnostics, []);
  });

  it('typing the first hook into a file of a chart not read yet finds its tie with the recheck', async () => {
    const uri = chart('fresh')('job.yaml');
    const plain = ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: a-job', '  annotations:', ''].join('\n');
    assert.deepEqual((await server.open(uri, plain)).diagnostics, []);
    const first = edit(uri, 2, 5, 0, 0, '    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "5"\n');
    const second = first.then(() => server.nextDiagnostics(uri, 2, 2000));
    assert.deepEqual(tieLines(await first), []);
    assert.deepEqual(tieLines(await second), [6]);
  });
});
