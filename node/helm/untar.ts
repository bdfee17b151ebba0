import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Unpacks a chart archive (`helm package`'s .tgz: gzip, ustar with pax or GNU long names) into `dest`.
 * Only regular files and folders; a path that would leave `dest` (absolute, `..`) is refused.
 * Returns the top-level folders it wrote (a chart archive holds one: the chart's name).
 */
export function untarGz(archive: string, dest: string, maxBytes = 256 * 1024 * 1024): string[] {
  const data = gunzipSync(fs.readFileSync(archive), { maxOutputLength: maxBytes });
  const tops = new Set<string>();
  let longName: string | undefined;
  let paxPath: string | undefined;
  for (let at = 0; at + 512 <= data.length; ) {
    const header = data.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, len: number): string => {
      const raw = header.subarray(from, from + len);
      const end = raw.indexOf(0);
      return raw.subarray(0, end === -1 ? len : end).toString('utf8');
    };
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = field(257, 6).startsWith('ustar') ? field(345, 155) : '';
    let name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const body = data.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      paxPath = m?.[1];
      continue;
    }
    if (type === 'g') continue;
    name = paxPath ?? longName ?? name;
    paxPath = undefined;
    longName = undefined;
    const rel = path.posix.normalize(name.replace(/\\/g, '/'));
    if (rel.startsWith('/') || rel === '..' || rel.startsWith('../')) throw new Error(`${archive}: refusing the entry "${name}" (outside the archive)`);
    const target = path.join(dest, rel);
    tops.add(rel.split('/')[0]);
    if (type === '5') fs.mkdirSync(target, { recursive: true });
    else if (type === '0' || type === '7') {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, body);
    }
  }
  return [...tops].filter((t) => t !== '.' && t !== '');
}
