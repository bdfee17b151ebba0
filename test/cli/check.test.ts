import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULES } from '../../engine';
import { cli, EXAMPLE, makeChart, REPO } from './cliHarness';

const BAD_EVENT = 'kind: Job\nmetadata:\n  name: m\n  annotations:\n    helm.sh/hook: pre-upgrde\n';
const WARN_ONLY = 'kind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "1.5"\n';
const CLEAN = 'kind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "-5"\n';

describe('helm-hooks check', () => {
  const dirs: string[] = [];
  const chart = (files: Record<string, string | Buffer>, name?: string): string => {
    const d = makeChart(files, name);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('prints file:line:col: severity code message and exits 1 on errors', () => {
    const dir = chart({ 'templates/job.yaml': BAD_EVENT });
    const r = cli(['check', dir], dir);
    assert.equal(r.status, 1);
    assert.match(r.out, /^templates\/job\.yaml:5:19: error unknown-hook-event Unknown hook event "pre-upgrde": .*Did you mean "pre-upgrade"\?$/m);
    assert.match(r.out, /1 error, 0 warnings, 0 info in 1 file checked/);
  });

  it('exits 0 on warnings, and 1 with --strict', () => {
    const dir = chart({ 'templates/cm.yaml': WARN_ONLY });
    assert.equal(cli(['check', dir]).status, 0);
    assert.equal(cli(['check', '--strict', dir]).status, 1);
  });

  it('exits 0 with nothing to say on a clean chart', () => {
    const dir = chart({ 'templates/cm.yaml': CLEAN });
    const r = cli(['check', dir]);
    assert.equal(r.status, 0);
    assert.match(r.out, /^0 errors, 0 warnings, 0 info in 1 file checked$/m);
  });

  it('--rule CODE=off silences a rule and CODE=error raises one', () => {
    const dir = chart({ 'templates/job.yaml': BAD_EVENT, 'templates/cm.yaml': WARN_ONLY });
    assert.equal(cli(['check', '--rule', 'unknown-hook-event=off', dir]).status, 0);
    const r = cli(['check', '--rule=unknown-hook-event=off', '--rule', 'hook-weight-not-integer=error', dir]);
    assert.equal(r.status, 1);
    assert.match(r.out, /error hook-weight-not-integer/);
  });

  it('walks subcharts under charts/ and notes packed ones', () => {
    const dir = chart({
      'templates/cm.yaml': CLEAN,
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
      'charts/sub/templates/job.yaml': BAD_EVENT,
      'charts/packed-1.0.0.tgz': Buffer.from([0x1f, 0x8b, 0x08, 0]),
    });
    const r = cli(['check', '--format', 'json', dir]);
    const json = JSON.parse(r.out) as { findings: { file: string; chart: string; code: string }[]; notices: string[] };
    assert.deepEqual(json.findings.map((f) => [path.basename(f.file), f.chart, f.code]), [['job.yaml', 'sub', 'unknown-hook-event']]);
    assert.ok(json.notices.some((n) => /packed-1\.0\.0\.tgz: packed subchart not checked/.test(n)));
  });

  it('writes JSON with 1-based positions and a summary', () => {
    const dir = chart({ 'templates/job.yaml': BAD_EVENT });
    const json = JSON.parse(cli(['check', '--format', 'json', dir], dir).out) as { findings: { message: string }[]; summary: unknown };
    assert.deepEqual(json.findings[0], {
      file: 'templates/job.yaml',
      chart: 'demo',
      line: 5,
      column: 19,
      endLine: 5,
      endColumn: 29,
      severity: 'error',
      code: 'unknown-hook-event',
      message: json.findings[0].message,
    });
    assert.deepEqual(json.summary, { files: 1, errors: 1, warnings: 0, infos: 0 });
  });

  it('writes SARIF 2.1.0 that names every rule and locates each result', () => {
    const dir = chart({ 'templates/job.yaml': BAD_EVENT });
    const sarif = JSON.parse(cli(['check', '--format', 'sarif', dir], dir).out) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: unknown }[] }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.deepEqual(run.tool.driver.rules.map((r) => r.id), RULES.map((r) => r.code));
    assert.equal(run.results.length, 1);
    const res = run.results[0];
    assert.equal(res.ruleId, 'unknown-hook-event');
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, 'unknown-hook-event');
    assert.equal(res.level, 'error');
    assert.deepEqual(res.locations[0].physicalLocation, {
      artifactLocation: { uri: 'templates/job.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5, startColumn: 19, endLine: 5, endColumn: 29 },
    });
  });

  it('exits 2 with a clear message for a missing path, and for a folder without charts', () => {
    const missing = cli(['check', path.join(os.tmpdir(), 'no-such-chart-here')]);
    assert.equal(missing.status, 2);
    assert.match(missing.err, /no-such-chart-here: no such file or folder/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-empty-'));
    dirs.push(empty);
    const none = cli(['check', empty]);
    assert.equal(none.status, 2);
    assert.match(none.err, /no Helm chart \(a folder with Chart\.yaml\) found here/);
  });

  it('exits 2 for bad usage', () => {
    assert.equal(cli(['check', '--format', 'xml']).status, 2);
    assert.equal(cli(['check', '--rule', 'no-such-rule=off']).status, 2);
    assert.equal(cli(['check', '--bogus']).status, 2);
  });

  it('after --, every argument is a path, even one that looks like an option', () => {
    const dir = chart({ 'templates/job.yaml': BAD_EVENT });
    const r = cli(['check', '--', dir]);
    assert.equal(r.status, 1);
    assert.match(r.out, /error unknown-hook-event/);
    const dashed = cli(['check', '--', '--strict'], dir);
    assert.equal(dashed.status, 2);
    assert.match(dashed.err, /--strict: no such file or folder/);
  });

  it('refuses --strict=false as bad usage rather than turning strict on', () => {
    const dir = chart({ 'templates/cm.yaml': WARN_ONLY });
    const r = cli(['check', '--strict=false', dir]);
    assert.equal(r.status, 2);
    assert.match(r.err, /--strict takes no value/);
    assert.equal(cli(['check', '--no-color=true', dir]).status, 2);
  });

  it('applies every repeated --rule, in order', () => {
    const dir = chart({ 'templates/job.yaml': BAD_EVENT, 'templates/cm.yaml': WARN_ONLY });
    const r = cli(['check', '--format', 'json', '--rule', 'unknown-hook-event=off', '--rule', 'hook-weight-not-integer=error', '--rule', 'hook-weight-not-integer=hint', dir]);
    const codes = (JSON.parse(r.out) as { findings: { code: string; severity: string }[] }).findings.map((f) => `${f.code}:${f.severity}`);
    assert.ok(!codes.some((c) => c.startsWith('unknown-hook-event:')), codes.join(' '));
    assert.ok(codes.includes('hook-weight-not-integer:hint'), codes.join(' '));
    assert.equal(r.status, 0);
  });

  it('names an unknown option, and a value-taking option left without one', () => {
    const unknown = cli(['check', '--bogus=1']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.err, /unknown option --bogus/);
    assert.match(unknown.err, /Usage: helm-hooks check/);
    const short = cli(['check', '-x']);
    assert.equal(short.status, 2);
    assert.match(short.err, /unknown option -x/);
    const bare = cli(['check', '--format']);
    assert.equal(bare.status, 2);
    assert.match(bare.err, /--format needs a value/);
  });

  it('exits 2 for an unreadable file', function () {
    if (process.getuid?.() === 0) {
      // root reads everything: a directory named like a template is the unreadable file instead.
      const dir = chart({ 'templates/ok.yaml': CLEAN });
      const r = cli(['check', path.join(dir, 'templates', 'ok.yaml', 'nope.yaml')]);
      assert.equal(r.status, 2);
      return;
    }
    const dir = chart({ 'templates/secret.yaml': CLEAN });
    fs.chmodSync(path.join(dir, 'templates', 'secret.yaml'), 0o000);
    const r = cli(['check', dir]);
    assert.equal(r.status, 2);
    assert.match(r.err, /secret\.yaml: cannot read \(EACCES\)/);
  });

  it('skips binary and oversized files with a notice, and checks invalid UTF-8', () => {
    const dir = chart({
      'templates/logo.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]),
      'templates/huge.yaml': Buffer.alloc(10 * 1024 * 1024 + 1, 0x61),
      'templates/latin1.yaml': Buffer.concat([Buffer.from('# caf\xe9\n', 'latin1'), Buffer.from(BAD_EVENT)]),
    });
    const r = cli(['check', dir], dir);
    assert.equal(r.status, 1);
    assert.match(r.err, /logo\.yaml: skipped, binary file/);
    assert.match(r.err, /huge\.yaml: skipped, 10\.0 MB is over the 10 MB limit/);
    assert.match(r.err, /latin1\.yaml: not valid UTF-8/);
    assert.match(r.out, /latin1\.yaml:6:19: error unknown-hook-event/);
  });

  it('with no path and no chart in the working folder, checks the bundled example chart', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-cwd-'));
    dirs.push(empty);
    const r = cli([], empty);
    assert.match(r.err, /no chart in .*; checking the bundled example chart/);
    assert.equal(r.status, 1);
  });

  it('the bundled example chart shows every rule', () => {
    const json = JSON.parse(cli(['check', '--format', 'json', EXAMPLE]).out) as { findings: { code: string }[] };
    const shown = new Set(json.findings.map((f) => f.code));
    // render-failed comes only from helm's rendering (check --render).
    assert.deepEqual(RULES.map((r) => r.code).filter((c) => !shown.has(c) && c !== 'render-failed'), []);
  });

  describe('hook-weight-tie only where the order shows (fixtures in test/cli/fixtures)', () => {
    const FIXTURES = path.join(REPO, 'test', 'cli', 'fixtures');
    type Json = { findings: { file: string; line: number; code: string; message: string }[]; summary: { files: number } };
    const check = (name: string): Json => JSON.parse(cli(['check', '--format', 'json', path.join(FIXTURES, name)]).out) as Json;

    it('18 Deployment hooks at one weight, as a public chart has them: nothing (Helm waits for none of them)', () => {
      const json = check('worker-hooks');
      assert.equal(json.summary.files, 19);
      assert.deepEqual(json.findings, []);
    });

    it('a Job tied with the ConfigMap it reads: both hooks are told, and Helm waits for the Job', () => {
      const json = check('job-configmap-tie');
      assert.deepEqual(
        json.findings.map((f) => `${path.basename(f.file)}:${f.line} ${f.code}`),
        ['migrate-job.yaml:7 hook-weight-tie', 'settings-configmap.yaml:7 hook-weight-tie'],
      );
      assert.match(json.findings[0].message, /^2 hooks share weight -5 on pre-install and pre-upgrade; this one runs 1st, before "app-settings" \(ConfigMap, templates\/settings-configmap\.yaml\).*Helm waits for this Job before the next hook\./);
      assert.match(json.findings[1].message, /this one runs 2nd, after "app-migrate" \(Job, templates\/migrate-job\.yaml\).*Helm waits for the Job "app-migrate" before the next hook/);
    });
  });

  it('the bundled binary runs as a program (dist/cli.js)', () => {
    const bin = path.join(REPO, 'dist', 'cli.js');
    assert.ok(fs.existsSync(bin), 'dist/cli.js is built');
    assert.match(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }), /^\d+\.\d+\.\d+/);
    const r = spawnSync(process.execPath, [bin, 'check', EXAMPLE, '--format', 'json'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.ok((JSON.parse(r.stdout) as { findings: unknown[] }).findings.length > 0);
  });
});
