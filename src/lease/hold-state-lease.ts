import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../clock/clock.js';
import { StateInUseError } from '../errors/state-in-use-error.js';
import type { Logger } from '../log/logger.js';
import type { LeaseHolder, Store } from '../store/store.js';

export interface StateLease {
  release(): Promise<void>;
}

export interface LeaseOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Shown in the error when the state file is taken. */
  readonly path: string;
  readonly ttlMs?: number;
  readonly renewEveryMs?: number;
}

/**
 * Claims the state file for this process, and keeps the claim fresh until `release`. A second
 * veille on the same file is refused (it would send every pending entry a second time). A claim
 * left by a process that is gone from this host (killed, or a restarted container that is pid 1
 * again) is taken over at once; one from another host only once it expires.
 * @throws StateInUseError
 */
export async function holdStateLease(store: Store, options: LeaseOptions): Promise<StateLease> {
  const ttlMs = options.ttlMs ?? 120_000;
  const self: LeaseHolder = { owner: randomUUID(), pid: process.pid, host: hostname() };
  const gone = (current: LeaseHolder) => current.host === self.host && (current.pid === self.pid || !isAlive(current.pid));
  const claim = () => {
    const now = options.clock.now();
    return store.acquireLease(self, now.toISOString(), new Date(now.getTime() + ttlMs).toISOString(), gone);
  };
  const first = await claim();
  if (!first.granted) throw new StateInUseError(options.path, first.holder, first.expiresAt, first.holder.host === self.host);
  const timer = setInterval(() => {
    claim()
      .then((result) => {
        if (!result.granted) options.logger.error({ pid: result.holder.pid, host: result.holder.host }, 'another veille took over the state file');
      })
      .catch((error: unknown) => options.logger.error({ err: error }, 'could not renew the claim on the state file'));
  }, options.renewEveryMs ?? 30_000);
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await store.releaseLease(self.owner);
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
