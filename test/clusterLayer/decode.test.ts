import * as assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodeRecord, MAX_RECORD_BYTES } from '../../client/src/cluster/records/decode';
import { recordRefOf } from '../../client/src/cluster/records/labels';
import { Driver, RecordError, RecordRef } from '../../client/src/cluster/types';
import { configMapObject, helm318Release, helm4Release, helmPayload, largeRelease, secretObject } from './records';

const NAME = 'sh.helm.release.v1.shop.v1';

function refOf(driver: Driver, helmData: string | undefined): RecordRef {
  const r = recordRefOf(driver, (driver === 'secret' ? secretObject : configMapObject)(helmData));
  assert.ok(r);
  return r;
}

/** A record whose API payload is given verbatim, for corruptions of the outer (API) layer. */
function rawRef(driver: Driver, payload: string): RecordRef {
  return { ...refOf(driver, 'x'), payload, payloadChars: payload.length };
}

async function decodeError(ref: RecordRef, maxBytes?: number): Promise<RecordError> {
  try {
    await decodeRecord(ref, maxBytes === undefined ? {} : { maxBytes });
  } catch (err) {
    assert.ok(err instanceof RecordError, `expected a RecordError, got ${String(err)}`);
    assert.equal(err.objectName, NAME);
    assert.ok(err.message.startsWith(`Release record ${NAME} `), err.message);
    // Secret data and manifests must never reach logs through error messages.
    assert.doesNotMatch(err.message, /s3cr3t|apiVersion|"name"|\{/);
    return err;
  }
  assert.fail('the record decoded, but it should have been refused');
}

const gz = (text: string) => gzipSync(Buffer.from(text));

describe('cluster records: decode', () => {
  for (const driver of ['secret', 'configmap'] as const) {
    it(`${driver}: decodes a gzipped Helm 3.18 record to its release JSON`, async () => {
      const json = await decodeRecord(refOf(driver, helmPayload(helm318Release())));
      assert.deepEqual(json, helm318Release());
    });

    it(`${driver}: decodes a gzipped Helm 4 record`, async () => {
      const json = await decodeRecord(refOf(driver, helmPayload(helm4Release())));
      assert.equal(json.apply_method, 'ssa');
      assert.equal((json.hooks as unknown[]).length, 2);
    });

    it(`${driver}: decodes an old uncompressed (plain JSON) record`, async () => {
      const json = await decodeRecord(refOf(driver, helmPayload(helm318Release(), { gzip: false })));
      assert.deepEqual(json, helm318Release());
    });
  }

  it('refuses a Secret whose API data is not base64, instead of decoding garbage as Node would', async () => {
    const good = refOf('secret', helmPayload(helm318Release())).payload ?? '';
    const err = await decodeError(rawRef('secret', good.slice(0, 40) + '!' + good.slice(41)));
    assert.match(err.message, /is not valid base64/);
  });

  it("refuses a record whose Helm base64 is broken: bad character, bad length, padding in the middle", async () => {
    const helm = helmPayload(helm318Release());
    for (const bad of [helm.slice(0, 20) + '*' + helm.slice(21), helm.slice(0, -1), 'QUJ=QUJD', 'QQ==QQ==', ' ' + helm.slice(1)]) {
      for (const driver of ['secret', 'configmap'] as const) {
        const err = await decodeError(refOf(driver, bad));
        assert.match(err.message, /is not valid base64 \(Helm's encoding/);
      }
    }
  });

  it('refuses corrupt gzip data', async () => {
    const zipped = gz(JSON.stringify(helm318Release()));
    zipped.fill(0xff, 10, 40); // deflate stream destroyed, magic intact
    const err = await decodeError(refOf('secret', zipped.toString('base64')));
    assert.match(err.message, /is corrupt: its gzip data cannot be decompressed/);
  });

  it('refuses gzip data whose checksum does not match (bit flip in the payload)', async () => {
    const zipped = gz('{"name":"shop"}');
    zipped[zipped.length - 8] ^= 0x01; // CRC32 trailer
    const err = await decodeError(refOf('configmap', zipped.toString('base64')));
    assert.match(err.message, /is corrupt/);
  });

  it('reports a truncated record (gzip cut short, e.g. a partial copy)', async () => {
    const zipped = gz(JSON.stringify(helm318Release()));
    const err = await decodeError(refOf('secret', zipped.subarray(0, Math.floor(zipped.length / 2)).toString('base64')));
    assert.match(err.message, /is truncated/);
  });

  it('refuses payloads that decode to something other than JSON, without quoting them', async () => {
    for (const text of ['apiVersion: v1\npassword: s3cr3t', '{"name": "shop", "config": {"password": "s3cr3t"}']) {
      for (const zipped of [true, false]) {
        const data = (zipped ? gz(text) : Buffer.from(text)).toString('base64');
        const err = await decodeError(refOf('secret', data));
        assert.match(err.message, /is not valid JSON/);
      }
    }
  });

  it('refuses JSON that is not a release object', async () => {
    const cases: [string, RegExp][] = [
      ['[{"name":"shop"}]', /its JSON is an array, not an object/],
      ['null', /its JSON is null/],
      ['"s3cr3t"', /its JSON is a string/],
      ['42', /its JSON is a number/],
    ];
    for (const [text, message] of cases) {
      const err = await decodeError(refOf('configmap', helmPayload(text)));
      assert.match(err.message, message);
    }
  });

  it('says the record is empty when data.release is missing or empty', async () => {
    assert.match((await decodeError(refOf('secret', undefined))).message, /has no release data/);
    assert.match((await decodeError(rawRef('secret', ''))).message, /has no release data/);
    assert.match((await decodeError(refOf('secret', ''))).message, /has no release data/);
  });

  it('refuses a record that decompresses past the 16 MB limit (a gzip bomb), naming the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_RECORD_BYTES + 1024, 0x20), { level: 9 });
    const err = await decodeError(refOf('secret', bomb.toString('base64')));
    assert.match(err.message, /is too large to read: its release data is over 16 MB/);
  });

  it('refuses a plain record over the limit before decoding it', async () => {
    const err = await decodeError(refOf('configmap', helmPayload(helm318Release(), { gzip: false })), 1024);
    assert.match(err.message, /is too large to read: its release data is over 1 KB/);
  });

  it('decodes a 10 MB record in steps, letting the editor run between them', async function () {
    this.timeout(60_000);
    const release = largeRelease(10 * 1024 * 1024);
    const ref = refOf('secret', helmPayload(release));
    assert.ok(JSON.stringify(release).length >= 10 * 1024 * 1024);
    // Counted, not timed (a busy CI machine stalls any clock): a decoder that blocks until done (gunzipSync,
    // no yields between base64, gunzip and JSON) lets this probe run a handful of times at most; this one yields between gunzip chunks.
    let turns = 0;
    let decoding = true;
    const probe = (): void => {
      if (!decoding) return;
      turns += 1;
      setImmediate(probe);
    };
    setImmediate(probe);
    const json = await decodeRecord(ref);
    decoding = false;
    assert.equal(json.manifest, release.manifest);
    assert.equal((json.chart as { templates: unknown[] }).templates.length, (release.chart as { templates: unknown[] }).templates.length);
    assert.ok(turns >= 20, `the event loop ran only ${turns} times during the decode`);
  });

  it('does not mistake a record for gzip on the first two magic bytes alone', async () => {
    // 1f 8b without the deflate method byte: Helm would try JSON, and so do we.
    const data = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x00]), Buffer.from('{}')]).toString('base64');
    assert.match((await decodeError(refOf('configmap', data))).message, /is not valid JSON/);
  });
});
