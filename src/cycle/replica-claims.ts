import type { Clock } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/store.js';

/**
 * Work sharing between replicas on one PostgreSQL database (issue 13). Each replica runs the same
 * schedule; at each tick a replica claims a due source just before reading it (a source claimed at
 * this tick by another replica is left to it), and claims a destination before draining its queue
 * (one replica at a time: items keep their order, pacing and rate-limit waits hold).
 *
 * Leases. A claim lasts `leaseMs` and is renewed every `leaseMs / 3` while the work runs, so a read
 * or a send may take longer than the lease (request timeouts go up to minutes, a rate-limit wait
 * too). A replica that dies stops renewing: its claims expire at most `leaseMs` after its last
 * renewal, and the next tick of another replica after that takes its sources and destinations
 * over. A holder that cannot renew (database unreachable) stops sending once its own view of the
 * lease ran out, so two replicas never drain one queue at once for longer than one send.
 */
export interface ReplicaIdentity {
  /** Unique per process: host name, pid and a random suffix (see createReplicaId). */
  readonly id: string;
  /** How long a claim lasts without renewal. */
  readonly leaseMs: number;
}

export const DEFAULT_REPLICA_LEASE_MS = 60_000;

/** One cycle's claims. */
export interface CycleClaims {
  /** The tick (ISO) these claims are for. */
  readonly tick: string;
  /** Claims `source` for this tick: false when another replica has it (or had it at this tick). */
  claimSource(source: string): Promise<boolean>;
  /** Releases the sources claimed so far (their reads are over). */
  releaseSources(): Promise<void>;
  /**
   * Waits until no replica reads a source for this tick any more (at most one lease: a dead
   * reader's claims expire), so that a destination's queue is sent in the order one replica would
   * have sent it: everything the tick found, oldest first.
   */
  tickReadsDone(signal?: AbortSignal): Promise<void>;
  claimDestination(destination: string): Promise<boolean>;
  /** Whether the claim on `destination` is still ours (renewed within the lease). */
  holdsDestination(destination: string): boolean;
  /**
   * Done with `destination` for this cycle: its claim is renewed one last time and left to expire
   * (not released), so that no other replica sends there within one lease of this replica's last
   * send and the destination's pacing windows (up to a minute) hold across replicas. This replica
   * takes it again at its next tick (a renewal); another, once it expired.
   */
  keepDestination(destination: string): Promise<void>;
  /** Releases every claim left (a destination kept is not), and stops renewing. Never throws (logs). */
  end(): Promise<void>;
}

export interface ClaimDeps {
  readonly store: Pick<Store, 'claimSources' | 'releaseSources' | 'sourceClaimsHeld' | 'claimDestination' | 'releaseDestination'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly replica: ReplicaIdentity;
  /** The tick this cycle serves: the schedule's fire time, the same on every replica. */
  readonly tick: Date;
  /** Whether `keepDestination` keeps the claim for one lease (default) or releases it (a one-shot process has no pacing to keep). */
  readonly keepDestinations?: boolean;
}

export function startCycleClaims(deps: ClaimDeps): CycleClaims {
  const { store, clock, logger, replica } = deps;
  const tick = deps.tick.toISOString();
  const leaseMs = Math.max(replica.leaseMs, 1_000);
  const sources = new Set<string>();
  /** Held destinations, with the time until which our last successful claim holds them. */
  const destinations = new Map<string, number>();
  const window = () => {
    const now = clock.now();
    return { at: now.toISOString(), until: new Date(now.getTime() + leaseMs).toISOString(), untilMs: now.getTime() + leaseMs };
  };
  let renewing: Promise<void> | undefined;
  const renew = async () => {
    const { at, until, untilMs } = window();
    if (sources.size > 0) {
      const held = [...sources];
      const granted = new Set(await store.claimSources(replica.id, held, tick, at, until));
      for (const name of held) {
        if (!granted.has(name)) {
          sources.delete(name);
          logger.warn({ source: name, replica: replica.id }, 'lost the claim on a source to another replica (its lease ran out)');
        }
      }
    }
    for (const name of [...destinations.keys()]) {
      if (await store.claimDestination(replica.id, name, at, until)) destinations.set(name, untilMs);
      else {
        destinations.delete(name);
        logger.warn({ destination: name, replica: replica.id }, 'lost the claim on a destination to another replica (its lease ran out)');
      }
    }
  };
  const timer = setInterval(() => {
    if (renewing !== undefined) return;
    renewing = renew()
      .catch((error: unknown) => logger.warn({ err: error, replica: replica.id }, 'could not renew the claims of this replica'))
      .finally(() => {
        renewing = undefined;
      });
  }, Math.max(Math.floor(leaseMs / 3), 100));
  timer.unref();
  const releaseSources = async () => {
    const held = [...sources];
    sources.clear();
    if (held.length > 0) await store.releaseSources(replica.id, held, clock.now().toISOString());
  };
  return {
    tick,
    async claimSource(source) {
      const { at, until } = window();
      const granted = (await store.claimSources(replica.id, [source], tick, at, until)).length > 0;
      if (granted) {
        sources.add(source);
        logger.debug({ source, replica: replica.id, tick }, 'claimed this source for this tick');
      }
      return granted;
    },
    releaseSources,
    async tickReadsDone(signal) {
      const deadline = clock.now().getTime() + leaseMs;
      while (!signal?.aborted && clock.now().getTime() < deadline && (await store.sourceClaimsHeld(tick, clock.now().toISOString())) > 0) {
        await clock.sleep(Math.min(200, leaseMs / 10), signal);
      }
    },
    async claimDestination(destination) {
      const { at, until, untilMs } = window();
      const granted = await store.claimDestination(replica.id, destination, at, until);
      if (granted) {
        destinations.set(destination, untilMs);
        logger.debug({ destination, replica: replica.id, tick }, 'claimed this destination');
      }
      return granted;
    },
    holdsDestination(destination) {
      const until = destinations.get(destination);
      return until !== undefined && clock.now().getTime() < until;
    },
    async keepDestination(destination) {
      if (!destinations.delete(destination)) return;
      const { at, until } = window();
      if (deps.keepDestinations === false) await store.releaseDestination(replica.id, destination, at);
      else await store.claimDestination(replica.id, destination, at, until);
    },
    async end() {
      clearInterval(timer);
      await renewing;
      const left = [...destinations.keys()];
      destinations.clear();
      const results = await Promise.allSettled([releaseSources(), ...left.map((name) => store.releaseDestination(replica.id, name, clock.now().toISOString()))]);
      for (const result of results) {
        if (result.status === 'rejected') logger.warn({ err: result.reason as unknown, replica: replica.id }, 'could not release a claim (it expires with its lease)');
      }
    },
  };
}
