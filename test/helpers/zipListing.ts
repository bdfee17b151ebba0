// Reads a zip's central directory (the .vsix is a zip): entry names and sizes, no extraction.
// Written here rather than taken from vsce's dependencies so the check does not lean on vsce's internals.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly size: number;
  readonly compressedSize: number;
  readonly method: number;
  readonly localHeader: number;
}

const END_OF_CENTRAL_DIR = 0x06054b50;
const CENTRAL_DIR_ENTRY = 0x02014b50;

export function zipListing(file: string): ZipEntry[] {
  const buf = fs.readFileSync(file);
  // The end record is at least 22 bytes and may be followed by a comment of up to 65,535 bytes.
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === END_OF_CENTRAL_DIR) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a zip (no end of central directory record)`);
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== CENTRAL_DIR_ENTRY) throw new Error(`${file}: central directory entry ${n} is corrupt`);
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const localHeader = buf.readUInt32LE(at + 42);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    entries.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLength), size, compressedSize, method, localHeader });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** One entry's bytes: stored (method 0) or deflated (method 8), the two methods vsce writes. */
export function zipEntry(file: string, name: string): Buffer {
  const entry = zipListing(file).find((e) => e.name === name);
  if (!entry) throw new Error(`${file} has no ${name}`);
  const buf = fs.readFileSync(file);
  const start = entry.localHeader + 30 + buf.readUInt16LE(entry.localHeader + 26) + buf.readUInt16LE(entry.localHeader + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return zlib.inflateRawSync(data);
  throw new Error(`${file}: ${name} uses zip method ${entry.method}`);
}
