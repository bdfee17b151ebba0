// In-memory container logs for the stand-in kubelet: one buffer per container run (attempt), line based,
// with the time each line was read, and followers notified of new lines and of the end.
import { EventEmitter } from 'node:events';

export interface LogLine {
  /** Milliseconds since the epoch. */
  at: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

const MAX_BYTES = 8 * 1024 * 1024;

export class LogBuffer extends EventEmitter {
  readonly lines: LogLine[] = [];
  private bytes = 0;
  private partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  ended = false;

  write(stream: 'stdout' | 'stderr', chunk: string): void {
    const text = this.partial[stream] + chunk;
    const parts = text.split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const p of parts) this.push(stream, p);
  }

  /** Flushes unterminated output and tells followers that this run is over. */
  end(): void {
    if (this.ended) return;
    for (const s of ['stdout', 'stderr'] as const) {
      if (this.partial[s] !== '') this.push(s, this.partial[s]);
      this.partial[s] = '';
    }
    this.ended = true;
    this.emit('end');
  }

  private push(stream: 'stdout' | 'stderr', text: string): void {
    const line: LogLine = { at: Date.now(), stream, text };
    this.lines.push(line);
    this.bytes += text.length + 1;
    while (this.bytes > MAX_BYTES && this.lines.length > 1) {
      const dropped = this.lines.shift();
      this.bytes -= (dropped?.text.length ?? 0) + 1;
    }
    this.emit('line', line);
  }
}

/** RFC 3339 with nanoseconds, as the kubelet prints with ?timestamps=true. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** RFC 3339 to the second, as in pod status times. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
