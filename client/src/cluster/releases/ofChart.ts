import { revisionAction } from '../../../../engine';
import { ReleaseInfo } from '../types';
import { ReleaseEntry, ReleaseStore } from './store';

export interface ChartRelease {
  entry: ReleaseEntry;
  info: ReleaseInfo;
  /** The failed revision the latest one rolled back (`helm upgrade --atomic`): its hooks' runs are the last ones. */
  failedBefore?: ReleaseInfo;
}

/**
 * The releases whose latest revision is of one of the charts `names`. The chart is only in the record's
 * payload, so every listed release's latest record is decoded (through the store: cached per version,
 * a few at a time). A record that cannot be read is left out: one broken release must not hide the rest.
 */
export async function releasesOfChart(store: Pick<ReleaseStore, 'releases' | 'info'> & Partial<Pick<ReleaseStore, 'history'>>, names: readonly string[]): Promise<ChartRelease[]> {
  const wanted = new Set(names);
  const read = await Promise.all(
    store.releases().map((entry) =>
      store.info(entry).then(
        async (info): Promise<ChartRelease | undefined> => {
          if (info.chart === undefined || !wanted.has(info.chart.name)) return undefined;
          return { entry, info, failedBefore: await failedBefore(store, entry, info) };
        },
        () => undefined,
      ),
    ),
  );
  return read.filter((r): r is ChartRelease => r !== undefined);
}

/** The revision before a rollback, decoded only when its labels say it failed. */
async function failedBefore(store: Pick<ReleaseStore, 'info'> & Partial<Pick<ReleaseStore, 'history'>>, entry: ReleaseEntry, info: ReleaseInfo): Promise<ReleaseInfo | undefined> {
  if (store.history === undefined || revisionAction(info).action !== 'rollback') return undefined;
  const ref = store.history(entry).find((r) => r.revision === info.revision - 1);
  if (ref?.status !== 'failed') return undefined;
  return store.info(entry, ref).catch(() => undefined);
}
