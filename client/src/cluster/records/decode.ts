import { gunzip } from 'node:zlib';
import { RecordError, RecordRef } from '../types';

/**
 * Largest decoded release JSON we accept. Kubernetes caps a Secret at ~1 MiB, but gzip lets a record
 * hold far more: large charts reach a few MB, so 16 MiB leaves room while refusing gzip bombs.
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export interface DecodeOptions {
  /** Refuse records whose release JSON (after base64 and gzip) is larger than this. */
  maxBytes?: number;
}

/** What decoding needs from a record: where the payload came from and the payload itself. */
export type EncodedRecord = Pick<RecordRef, 'driver' | 'objectName' | 'payload'>;

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/** Lets timers and I/O run between the synchronous steps of a large decode. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Strict base64 (Go's StdEncoding, as Helm and the API server write it): Node's decoder silently skips
 * bad characters and missing padding, which would turn corruption into garbage. Re-encoding and
 * comparing catches all of that and is several times faster on large records than scanning characters
 * in JS. (It also refuses non-zero padding bits, which Go tolerates but no encoder writes.)
 */
async function decodeBase64(text: string, onInvalid: () => RecordError): Promise<Buffer> {
  if (text.length % 4 !== 0) throw onInvalid();
  const bytes = Buffer.from(text, 'base64');
  await yieldToEventLoop();
  if (bytes.toString('base64') !== text) throw onInvalid();
  await yieldToEventLoop();
  return bytes;
}

function decodedLength(base64Chars: number): number {
  return Math.floor((base64Chars * 3) / 4);
}

function fail(objectName: string, what: string): RecordError {
  return new RecordError(objectName, `Release record ${objectName} ${what}`);
}

function gunzipAsync(data: Buffer, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    gunzip(data, { maxOutputLength: maxBytes }, (err, out) => (err ? reject(err) : resolve(out))),
  );
}

/**
 * The release JSON inside a record. Secret: the API's base64, then Helm's base64; ConfigMap: Helm's
 * base64 only. Then gzip when the magic bytes say so (old records are plain JSON), as Helm's
 * decodeRelease does. Every failure is a RecordError naming the storage object; messages never quote
 * the payload, which may hold Secret data.
 */
export async function decodeRecord(record: EncodedRecord, opts: DecodeOptions = {}): Promise<Record<string, unknown>> {
  const { objectName, payload } = record;
  const maxBytes = opts.maxBytes ?? MAX_RECORD_BYTES;
  const tooLarge = () => fail(objectName, `is too large to read: its release data is over ${formatSize(maxBytes)}`);
  if (payload === undefined || payload === '') throw fail(objectName, 'has no release data (data.release is missing or empty)');

  const layers = record.driver === 'secret' ? 2 : 1;
  const helmBytes = layers === 2 ? decodedLength(decodedLength(payload.length)) : decodedLength(payload.length);
  if (helmBytes > maxBytes) throw tooLarge();

  let helmBase64 = payload;
  if (layers === 2) {
    const apiBytes = await decodeBase64(payload, () => fail(objectName, 'is not valid base64 (the Secret data encoding)'));
    // Helm's base64 is ASCII, so latin1 is an exact and cheap Buffer -> string conversion.
    helmBase64 = apiBytes.toString('latin1');
  }
  if (helmBase64 === '') throw fail(objectName, 'has no release data (data.release is empty)');
  let bytes = await decodeBase64(helmBase64, () => fail(objectName, "is not valid base64 (Helm's encoding of the release)"));

  if (bytes.length > 3 && GZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    try {
      bytes = await gunzipAsync(bytes, maxBytes);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
      if (code === 'Z_BUF_ERROR') throw fail(objectName, 'is truncated: its gzip data ends early');
      throw fail(objectName, 'is corrupt: its gzip data cannot be decompressed');
    }
  } else if (bytes.length > maxBytes) {
    throw tooLarge();
  }

  const text = bytes.toString('utf8');
  await yieldToEventLoop();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text: never pass it on.
    throw fail(objectName, 'is not valid JSON after decoding');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    const found = json === null ? 'null' : Array.isArray(json) ? 'an array' : `a ${typeof json}`;
    throw fail(objectName, `does not hold a Helm release: its JSON is ${found}, not an object`);
  }
  return json as Record<string, unknown>;
}

function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
