import { ContainerCapture } from '../types';

// A container's log kept within a bound: the start (a head file up to half of it) and the end (the last two
// tail segments of a quarter each). Dropped segments are counted, so the view can say what is missing.
// Every decision is made here in memory at append time; the writer only carries the bytes to disk.

/** One log file and what it holds. `bytes` is its length as of the last meta write: a resume cuts it there. */
export interface StoredPart {
  file: string;
  /** Bytes in the file (lines as stored, cut lines included). */
  bytes: number;
  lines: number;
  /** Bytes the lines had as read (before any cut), so omitted counts are exact. */
  read: number;
}

export interface StoredLog {
  head: StoredPart;
  /** A line went past the head: the head takes no more lines, so order holds. */
  headFull: boolean;
  /** Oldest first; at most two. */
  tail: StoredPart[];
  nextSeq: number;
}

export interface Bounds {
  head: number;
  segment: number;
  /** A longer line is cut to this (with a marker), so one line never breaks the bound. */
  line: number;
}

/** Below this the marker and a useful part of a line would not fit. */
const MIN_BOUND = 1024;

export function boundsOf(perContainerBytes: number): Bounds {
  const bound = Math.max(MIN_BOUND, Math.floor(perContainerBytes));
  const segment = Math.floor(bound / 4);
  return { head: Math.floor(bound / 2), segment, line: segment };
}

export function newStoredLog(index: number): StoredLog {
  return { head: { file: `c${index}.head.log`, bytes: 0, lines: 0, read: 0 }, headFull: false, tail: [], nextSeq: 0 };
}

/** Where appended bytes go and which files to remove, collected until the next flush. */
export class PendingWrites {
  readonly chunks = new Map<string, Buffer[]>();
  readonly removals = new Set<string>();
  size = 0;

  add(file: string, chunk: Buffer): void {
    let list = this.chunks.get(file);
    if (!list) this.chunks.set(file, (list = []));
    list.push(chunk);
    this.size += chunk.length;
  }

  drop(file: string): void {
    const list = this.chunks.get(file);
    if (list) for (const c of list) this.size -= c.length;
    this.chunks.delete(file);
    this.removals.add(file);
  }

  /** Hands over what is collected and starts empty. */
  take(): { chunks: Map<string, Buffer[]>; removals: Set<string> } {
    const out = { chunks: new Map(this.chunks), removals: new Set(this.removals) };
    this.chunks.clear();
    this.removals.clear();
    this.size = 0;
    return out;
  }
}

/** One line as stored: newline-terminated, embedded newlines escaped, cut to the line bound. */
export function encodeLine(line: string, maxBytes: number): { data: Buffer; read: number } {
  const read = Buffer.byteLength(line) + 1;
  const text = line.includes('\n') ? line.replace(/\n/g, '\\n') : line;
  const data = Buffer.from(text + '\n');
  if (data.length <= maxBytes) return { data, read };
  const marker = Buffer.from(` [… line cut: ${read - 1} bytes]\n`);
  let end = Math.max(0, maxBytes - marker.length);
  // Cut at the start of a character so the kept part stays valid UTF-8.
  while (end > 0 && (data[end] & 0xc0) === 0x80) end--;
  return { data: Buffer.concat([data.subarray(0, end), marker]), read };
}

/** Adds lines to a container's log, updating its stored parts and counts. */
export function appendLines(index: number, log: StoredLog, counts: ContainerCapture, lines: readonly string[], bounds: Bounds, pending: PendingWrites): void {
  for (const line of lines) {
    const { data, read } = encodeLine(String(line), bounds.line);
    counts.lines++;
    counts.bytes += read;
    if (!log.headFull && log.head.bytes + data.length <= bounds.head) {
      addTo(log.head, data, read, pending);
      continue;
    }
    log.headFull = true;
    let seg = log.tail[log.tail.length - 1];
    if (!seg || (seg.bytes > 0 && seg.bytes + data.length > bounds.segment)) {
      seg = { file: `c${index}.tail.${log.nextSeq++}.log`, bytes: 0, lines: 0, read: 0 };
      log.tail.push(seg);
      if (log.tail.length > 2) {
        const gone = log.tail.shift()!;
        counts.omittedLines += gone.lines;
        counts.omittedBytes += gone.read;
        pending.drop(gone.file);
      }
    }
    addTo(seg, data, read, pending);
  }
}

function addTo(part: StoredPart, data: Buffer, read: number, pending: PendingWrites): void {
  part.bytes += data.length;
  part.lines++;
  part.read += read;
  pending.add(part.file, data);
}
