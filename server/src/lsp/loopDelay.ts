import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Connection } from 'vscode-languageserver/node';

/** Set to 1 (benchmarks only) to have the server sample its event-loop delay and answer LOOP_DELAY_REQUEST. */
export const LOOP_DELAY_ENV = 'HELM_HOOKS_LOOP_DELAY';
export const LOOP_DELAY_REQUEST = 'helmHooks/bench/loopDelay';

export interface LoopDelay {
  /** Milliseconds, since the previous request (or the start). */
  max: number;
  p99: number;
  mean: number;
  samples: number;
}

/** Off unless the environment asks: the histogram's timer runs all the time once enabled. */
export function registerLoopDelay(connection: Connection): void {
  if (process.env[LOOP_DELAY_ENV] !== '1') return;
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  connection.onRequest(LOOP_DELAY_REQUEST, (params: { reset?: boolean } | undefined): LoopDelay => {
    const ms = (ns: number): number => ns / 1e6;
    const out = { max: ms(h.max), p99: ms(h.percentile(99)), mean: ms(h.mean), samples: h.count };
    if (params?.reset !== false) h.reset();
    return out;
  });
}
