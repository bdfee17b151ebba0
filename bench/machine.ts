import * as fs from 'node:fs';
import * as os from 'node:os';

/** The machine, and how much of its CPU other processes took while the bench ran (Linux /proc). */

export function describeMachine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

interface CpuSample {
  /** Busy and total jiffies of the whole machine. */
  busy: number;
  total: number;
  /** Jiffies used by this process and the children it has reaped (the servers and CLI runs). */
  ours: number;
}

export function sampleCpu(): CpuSample | undefined {
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = cpu[3] + (cpu[4] ?? 0);
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    // /proc/self/stat: the command may hold spaces, so count fields after its closing parenthesis.
    const self = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
    // Fields 14-17 (utime, stime, cutime, cstime) are at 11-14 once pid and comm are dropped.
    const ours = f[11] + f[12] + f[13] + f[14];
    return { busy: total - idle, total, ours };
  } catch {
    return undefined;
  }
}

/** Share of the machine's CPU capacity used by processes other than the bench and its children. */
export function foreignShare(before: CpuSample | undefined, after: CpuSample | undefined): number {
  if (before === undefined || after === undefined) return NaN;
  const total = after.total - before.total;
  const foreign = after.busy - before.busy - (after.ours - before.ours);
  return total > 0 ? Math.max(0, foreign / total) : NaN;
}
