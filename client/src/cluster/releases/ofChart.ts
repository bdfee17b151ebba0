import { ReleaseInfo } from '../types';
import { ReleaseEntry, ReleaseStore } from './store';

export interface ChartRelease {
  entry: ReleaseEntry;
  info: ReleaseInfo;
}

/**
 * The releases whose latest revision is of one of the charts `names`. The chart is only in the record's
 * payload, so every listed release's latest record is decoded (through the store: cached per version,
 * a few at a time). A record that cannot be read is left out: one broken release must not hide the rest.
 */
export async function releasesOfChart(store: Pick<ReleaseStore, 'releases' | 'info'>, names: readonly string[]): Promise<ChartRelease[]> {
  const wanted = new Set(names);
  const read = await Promise.all(
    store.releases().map((entry) =>
      store.info(entry).then(
        (info): ChartRelease | undefined => (info.chart !== undefined && wanted.has(info.chart.name) ? { entry, info } : undefined),
        () => undefined,
      ),
    ),
  );
  return read.filter((r): r is ChartRelease => r !== undefined);
}
