import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { chartYamlName } from '../../../engine';

describe('chart files: the name in Chart.yaml', () => {
  const named = (line: string): string | undefined => chartYamlName(`apiVersion: v2\n${line}\nversion: 0.1.0\n`);

  it('reads plain names, with trailing spaces and comments dropped', () => {
    assert.equal(named('name: shop'), 'shop');
    assert.equal(named('name:   shop   '), 'shop');
    assert.equal(named('name: shop # the shop'), 'shop');
    assert.equal(named('name:\tshop\t# tab before the comment'), 'shop');
    assert.equal(named('name: shop#1'), 'shop#1', 'a # without space before it is part of the name');
  });

  it('reads double-quoted names with YAML escapes', () => {
    assert.equal(named('name: "shop"'), 'shop');
    assert.equal(named('name: "shop" # quoted'), 'shop');
    assert.equal(named('name: "my \\"shop\\""'), 'my "shop"');
    assert.equal(named('name: "a\\\\b"'), 'a\\b');
    assert.equal(named('name: "caf\\xe9-\\u00e9-\\U0001F600"'), 'café-é-😀');
    assert.equal(named('name: "a # b"'), 'a # b', 'a # inside quotes is no comment');
  });

  it('reads single-quoted names, where \'\' is one quote', () => {
    assert.equal(named("name: 'shop'"), 'shop');
    assert.equal(named("name: 'it''s' # quoted"), "it's");
    assert.equal(named("name: 'a \\n b'"), 'a \\n b', 'no escapes in single quotes');
  });

  it('agrees with a YAML parser on what authors write', () => {
    for (const line of ['name: shop', 'name: "shop" # c', "name: 'it''s'", 'name: "x\\ty"', 'name: a#b', 'name: shop   # c', 'name: 123']) {
      const text = `apiVersion: v2\n${line}\nversion: 0.1.0\n`;
      assert.equal(chartYamlName(text), String((parse(text) as { name: unknown }).name), line);
    }
  });

  it('gives undefined for no name, an empty or null one, or one it cannot read', () => {
    assert.equal(chartYamlName('apiVersion: v2\nversion: 0.1.0\n'), undefined);
    assert.equal(named('name:'), undefined);
    assert.equal(named('name: ""'), undefined);
    assert.equal(named("name: ''"), undefined);
    assert.equal(named('name: # to do'), undefined);
    assert.equal(named('name: ~'), undefined);
    assert.equal(named('name: null'), undefined);
    assert.equal(named('name: "unterminated'), undefined);
    assert.equal(named('name: "bad \\q escape"'), undefined);
    assert.equal(named('name: "shop" trailing'), undefined);
  });

  it('takes only the top-level key: not dependencies\' names, comments or other keys', () => {
    const text = '# name: commented\napiVersion: v2\nnames: no\nname:x\ndependencies:\n  - name: common\n    version: 2.x\nname: shop\n';
    assert.equal(chartYamlName(text), 'shop');
    assert.equal(chartYamlName('dependencies:\n  - name: common\n'), undefined);
  });

  it('reads CRLF files and files starting with a byte order mark', () => {
    assert.equal(chartYamlName('apiVersion: v2\r\nname: shop\r\nversion: 0.1.0\r\n'), 'shop');
    assert.equal(chartYamlName('apiVersion: v2\r\nname: "shop" # c\r\n'), 'shop');
    assert.equal(chartYamlName('apiVersion: v2\r\nname: shop # c\r\n'), 'shop');
    assert.equal(chartYamlName('\uFEFFname: shop\n'), 'shop');
  });

  it('is quick on a large Chart.yaml (no YAML parser)', () => {
    const annotations = Array.from({ length: 2000 }, (_, i) => `    - name: image-${i}\n      image: docker.io/bitnami/image-${i}:1.0.${i}-debian-12-r0`).join('\n');
    const text = `annotations:\n  images: |\n${annotations}\napiVersion: v2\nname: big\nversion: 1.0.0\n`;
    const start = Date.now();
    for (let i = 0; i < 100; i++) assert.equal(chartYamlName(text), 'big');
    assert.ok(Date.now() - start < 1000, `${Date.now() - start} ms`);
  });
});
