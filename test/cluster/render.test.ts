// check --render and plan with the real helm 3.18 and 4.1 from the cluster cache. Only `helm template` runs:
// no API server is needed, so this file does not need the global fixture.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliAsync } from '../cli/cliHarness';

const CACHE = process.env.HELM_HOOKS_CLUSTER_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'helm-hooks', 'cluster');
const HELMS = { 'helm 3.18': path.join(CACHE, 'helm-3.18.0', 'bin', 'helm'), 'helm 4.1': path.join(CACHE, 'helm-4.1.4', 'bin', 'helm') };
const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'cluster', 'fixtures', 'charts');

/** The render-hooks chart in a temporary folder, with its packed subchart made by `helm package`. */
function renderHooksChart(helm: string): { cwd: string; chart: string } {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-render-test-'));
  const chart = path.join(cwd, 'rh');
  fs.cpSync(path.join(FIXTURES, 'render-hooks'), chart, { recursive: true });
  execFileSync(helm, ['package', path.join(FIXTURES, 'render-packed-src', 'vault'), '-d', path.join(chart, 'charts')], { stdio: 'ignore' });
  return { cwd, chart };
}

for (const [label, helm] of Object.entries(HELMS)) {
  describe(`check --render and plan with the real ${label}`, function () {
    this.timeout(120000);

    it('has the helm binary of the cluster cache (provision it: scripts/cluster/provision.sh)', () => {
      // Fails, not skips: this tier runs with the cache provisioned.
      assert.ok(fs.existsSync(helm), `${helm} is missing`);
    });

    it('reports rendered findings at their templates, dropped objects included, without duplicates', async () => {
      const { cwd } = renderHooksChart(helm);
      const r = await cliAsync(['check', '--render', '--helm', helm, '--format', 'json', '--set', 'vault.when=pre-delte', 'rh'], cwd);
      assert.equal(r.status, 1, r.err);
      const findings = (JSON.parse(r.out) as { findings: { file: string; line: number; code: string; message: string }[] }).findings;
      const at = (code: string, file: string): number[] => findings.filter((f) => f.code === code && f.file === file).map((f) => f.line);
      // An event from values, dropped by helm: reported at the object's first line (after the comment).
      assert.deepEqual(at('unknown-hook-event', 'rh/templates/typo.yaml'), [2]);
      // A literal typo: the static and the rendered finding are one, on the annotation's line.
      assert.deepEqual(at('unknown-hook-event', 'rh/templates/literal-typo.yaml'), [6]);
      // A subchart's value, in a packed subchart.
      assert.deepEqual(at('unknown-hook-event', path.join('rh', 'charts', 'vault-0.1.0.tgz', 'templates', 'unseal.yaml')), [1]);
      assert.match(findings.find((f) => f.file.endsWith('typo.yaml') && f.line === 2)?.message ?? '', /rendered with values\.yaml \+ --set vault\.when=pre-delte; helm template leaves this object out/);
      const keys = findings.map((f) => `${f.code}|${f.file}|${f.line}`);
      assert.equal(new Set(keys).size, keys.length);
    });

    it('plans the exact timeline: rendered names, weights, ties by name, switched-off and dropped hooks', async () => {
      const { cwd } = renderHooksChart(helm);
      const r = await cliAsync(['plan', 'rh', '--helm', helm, '--format', 'json', '--set', 'migrate.weight=5'], cwd);
      assert.equal(r.status, 0, r.err);
      const p = JSON.parse(r.out) as {
        events: { event: string; hooks: { kind: string; name: string; weight: number; template: string }[] }[];
        ties: { event: string; order: { name: string }[] }[];
        switchedOff: { template: string }[];
        dropped: { template: string }[];
      };
      const names = (event: string): string[] => p.events.find((e) => e.event === event)?.hooks.map((h) => `${h.kind}/${h.name}@${h.weight}`) ?? [];
      assert.deepEqual(names('pre-install'), ['ConfigMap/release-name-aaa-seed@5', 'Job/release-name-rh-migrate@5']);
      assert.deepEqual(names('pre-upgrade'), ['Job/release-name-rh-migrate@5']);
      // The subchart's own values.yaml says pre-delete; the parent's audit.event overrides it.
      assert.deepEqual(names('post-install'), ['Job/release-name-audit@0']);
      assert.deepEqual(names('post-upgrade'), ['Pod/release-name-vault-unseal@-1']);
      assert.deepEqual(p.ties.map((t) => [t.event, t.order.map((h) => h.name)]), [['pre-install', ['release-name-aaa-seed', 'release-name-rh-migrate']]]);
      assert.deepEqual(p.switchedOff.map((h) => h.template), ['rh/templates/backup.yaml']);
      assert.deepEqual(p.dropped.map((h) => h.template).sort(), ['rh/templates/literal-typo.yaml', 'rh/templates/typo.yaml']);
    });

    it('reports required/fail at the template helm names, and a value nobody gave', async () => {
      const req = await cliAsync(['check', '--render', '--helm', helm, path.join(FIXTURES, 'render-required')], FIXTURES);
      assert.equal(req.status, 1, req.err);
      assert.match(req.out, /render-required\/templates\/secret\.yaml:8:15: error render-failed helm template failed here: db\.password is required/);
      const nil = await cliAsync(['check', '--render', '--helm', helm, path.join(FIXTURES, 'render-nil')], FIXTURES);
      assert.equal(nil.status, 1, nil.err);
      assert.match(nil.out, /render-nil\/templates\/job\.yaml:7:35: error render-failed .*needs a value nobody gave/);
      const given = await cliAsync(['check', '--render', '--helm', helm, '--set', 'hooks.weight=3', path.join(FIXTURES, 'render-nil')], FIXTURES);
      assert.equal(given.status, 0, given.err + given.out);
    });

    it('says to run helm dependency build for a missing dependency', async () => {
      const r = await cliAsync(['check', '--render', '--helm', helm, path.join(FIXTURES, 'render-missing-dep')], FIXTURES);
      assert.equal(r.status, 2);
      assert.match(r.err, /dependency chart is missing from charts\/ \(redis\): run `helm dependency build`/);
    });

    it('stops helm when its output passes the cap', async () => {
      const { cwd } = renderHooksChart(helm);
      const r = await cliAsync(['check', '--render', '--helm', helm, 'rh'], cwd, { maxOutputChars: 100 });
      assert.equal(r.status, 2);
      assert.match(r.err, /printed more than .* MB.*stopped it/);
    });
  });
}

describe('check --render without a usable helm', () => {
  it('says how to set --helm when helm is missing, and stops a helm that hangs', async function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-fake-helm-'));
    const missing = await cliAsync(['check', '--render', '--helm', path.join(dir, 'nope'), path.join(FIXTURES, 'render-nil')], FIXTURES);
    assert.equal(missing.status, 2);
    assert.match(missing.err, /helm was not found at .*nope \(the --helm option\)/);
    const old = path.join(dir, 'old-helm');
    fs.writeFileSync(old, '#!/bin/sh\necho v3.11.3+gabc\n', { mode: 0o755 });
    const tooOld = await cliAsync(['check', '--render', '--helm', old, path.join(FIXTURES, 'render-nil')], FIXTURES);
    assert.equal(tooOld.status, 2);
    assert.match(tooOld.err, /helm v3\.11\.3\S* is not supported: --render needs Helm 3\.12 or later, or Helm 4/);
    const hang = path.join(dir, 'hang-helm');
    fs.writeFileSync(hang, '#!/bin/sh\nif [ "$1" = version ]; then echo v3.18.0+gabc; exit 0; fi\nexec sleep 60\n', { mode: 0o755 });
    const started = Date.now();
    const hung = await cliAsync(['check', '--render', '--timeout', '1', '--helm', hang, path.join(FIXTURES, 'render-nil')], FIXTURES);
    assert.equal(hung.status, 2);
    assert.match(hung.err, /did not finish within 1 s .*stopped it/);
    assert.ok(Date.now() - started < 15000);
  });
});
