import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { zipEntry, zipListing, type ZipEntry } from '../helpers/zipListing';
import { type Bundle, bundles, bundleSources, codeLoads, manifestFiles, type RuntimeFile } from './runtimeFiles';

const REPO = path.resolve(__dirname, '..', '..', '..');
const VSIX = path.join(REPO, 'dist', 'helm-hooks.vsix');

// The unit tier packages the extension (npm run package) before it runs; this checks that .vsix, the one users
// install, against what the extension loads and shows at run time.
describe('the packaged .vsix', function () {
  this.timeout(60_000);
  let entries: Map<string, ZipEntry>;
  let built: Bundle[];

  before(async function () {
    assert.ok(fs.existsSync(VSIX), `${path.relative(REPO, VSIX)} is missing: run npm run package`);
    entries = new Map(zipListing(VSIX).filter((e) => e.name.startsWith('extension/')).map((e) => [e.name.slice('extension/'.length), e]));
    built = await bundles(REPO);
  });

  const missing = (files: readonly RuntimeFile[]): string[] => files.filter((f) => !entries.has(f.file)).map((f) => `${f.file} (${f.why})`);

  it('holds every bundle the extension runs, as built now', () => {
    const shipped = built.filter((b) => b.extension !== false);
    assert.ok(shipped.length >= 3, 'client, server and cluster bundles');
    assert.deepEqual(missing(shipped.map((b) => ({ file: b.outfile, why: `scripts/bundle-targets.mjs builds it from ${b.entryPoints.join(', ')}` }))), []);
    // A package built before the last build would test old code: its bundles must be the ones in dist/.
    const stale = shipped.filter((b) => entries.get(b.outfile)?.size !== fs.statSync(path.join(REPO, b.outfile)).size);
    assert.deepEqual(stale.map((b) => b.outfile), [], 'the .vsix is older than dist/: run npm run package');
  });

  it('holds every file package.json names: main, icon, grammars, language configuration, view icons', () => {
    const named = manifestFiles(REPO);
    for (const f of ['dist/client.js', 'images/icon.png', 'syntaxes/helm.tmLanguage.json', 'syntaxes/helm.language-configuration.json', 'resources/helm-hooks.svg']) {
      assert.ok(named.some((n) => n.file === f), `the manifest walk finds ${f}`);
    }
    assert.deepEqual(missing(named), []);
  });

  it('holds every file the shipped code loads, and every such path is a literal the check can read', async () => {
    const sources = (await Promise.all(built.filter((b) => b.extension !== false).map((b) => bundleSources(REPO, b)))).flat();
    const loads = codeLoads(REPO, [...new Set(sources)]);
    assert.deepEqual(loads.unreadable, [], 'run-time loads whose path is not a string literal');
    assert.ok(loads.files.some((f) => f.file === 'dist/cluster.js') && loads.files.some((f) => f.file === 'dist/server.js'), 'finds the client loading the server and the cluster layer');
    assert.deepEqual(missing(loads.files), []);
  });

  it('has the Marketplace page\'s files: README, CHANGELOG, LICENSE, and a PNG icon of at least 128 px', () => {
    assert.deepEqual(['readme.md', 'changelog.md', 'LICENSE.txt'].filter((f) => !entries.has(f)), []);
    const png = fs.readFileSync(path.join(REPO, 'images', 'icon.png'));
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, `icon is ${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`);
  });

  it('ships no sources, source maps, node_modules or the CLI, which the extension does not load', () => {
    const cli = built.filter((b) => b.extension === false).map((b) => b.outfile);
    const extra = [...entries.keys()].filter((f) => /\.(ts|map)$/.test(f) || f.startsWith('node_modules/') || cli.includes(f));
    assert.deepEqual(extra, []);
  });

  it('points the Marketplace page\'s images at files the repository has, as vsce rewrote them', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { repository: { url: string } };
    const base = `${manifest.repository.url.replace(/\.git$/, '')}/raw/HEAD/`;
    const readme = zipEntry(VSIX, 'extension/readme.md').toString('utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g), ...readme.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(images.length >= 4, `the page shows screenshots (found ${images.length} images)`);
    const elsewhere = images.filter((u) => !u.startsWith(base));
    assert.deepEqual(elsewhere, [], `every image is served from ${base}`);
    const absent = images.map((u) => u.slice(base.length)).filter((p) => !fs.existsSync(path.join(REPO, p)));
    assert.deepEqual(absent, [], 'images the page links that the repository lacks');
  });
});
