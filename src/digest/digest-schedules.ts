import type { WatchConfig } from '../config/config-types.js';

/** One digest: a watch's matches for one destination, posted when `cron` fires. */
export interface DigestSchedule {
  readonly watch: string;
  readonly destination: string;
  /** 5-field cron expression, read in `settings.timezone`. */
  readonly cron: string;
}

/** Every digest of the configuration, in watch order then destination order (pure). */
export function digestSchedules(watches: readonly WatchConfig[]): DigestSchedule[] {
  return watches.flatMap((watch) => watch.to.flatMap((destination) => {
    const cron = watch.digests?.[destination];
    return cron === undefined ? [] : [{ watch: watch.name, destination, cron }];
  }));
}
