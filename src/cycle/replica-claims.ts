import type { Clock } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import type { SourceRecord, Store } from '../store/store.js';

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
 * lease ran out.
 *
 * A send outlasting the lease. Before each send the holder extends its claim in the database to
 * cover the whole send (its budget: the dispatcher aborts it past that) and one lease after it, so
 * a send in flight, however slow (a stalled process, a slow platform), never overlaps another
 * replica's send to that destination, nor its reading of the queue before the send is recorded:
 * without this, a send that took longer than the lease left when it started was posted twice.
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
  /**
   * The due sources of this tick, in the order the cycle starts them. A claim then also claims the
   * next ones not tried yet, up to `batch` sources in one statement, and reads their records in one
   * more (see `claimedRecord`): two round trips per batch instead of two per source. A replica holds
   * about one batch of sources it has not started yet (more when the per-host limit starts them out
   * of order), so the sharing stays even.
   */
  plan(names: readonly string[], batch: number): void;
  /** Claims `source` for this tick: false when another replica has it (or had it at this tick). */
  claimSource(source: string): Promise<boolean>;
  /**
   * The record of `source` read just after this replica claimed it (`record` undefined: a new
   * source), once; undefined when it was not read with its claim (the caller reads it).
   */
  claimedRecord(source: string): { readonly record: SourceRecord | undefined } | undefined;
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
   * Just before one send to `destination`: extends its claim, in the database, to `budgetMs` (the
   * longest the send may take) plus one lease from now; false when another replica has it, or the
   * database did not answer (send nothing; logged). Renewals do not shorten it until `sendDone`.
   */
  holdForSend(destination: string, budgetMs: number): Promise<boolean>;
  /**
   * The send to `destination` is over: its claim goes back to one lease from now, at once (a
   * replica that dies next is taken over within a lease, not a send's budget). Never throws (logs).
   */
  sendDone(destination: string): Promise<void>;
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
  readonly store: Pick<Store, 'claimSources' | 'releaseSources' | 'sourceClaimsHeld' | 'claimDestination' | 'releaseDestination'> & Partial<Pick<Store, 'getSources'>>;
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
  /** Destinations with a send in flight, with the time until which `holdForSend` claimed them. */
  const sending = new Map<string, number>();
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
      // A send in flight keeps the longer claim it took (`holdForSend`).
      const keptMs = Math.max(untilMs, sending.get(name) ?? 0);
      if (await store.claimDestination(replica.id, name, at, keptMs === untilMs ? until : new Date(keptMs).toISOString())) destinations.set(name, keptMs);
      else {
        destinations.delete(name);
        sending.delete(name);
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
  let planned: readonly string[] = [];
  let next = 0;
  let batchSize = 1;
  /** Names a claim has tried at this tick (granted or not). */
  const tried = new Set<string>();
  /** Claims made ahead for planned sources, until their reader asks for them. */
  const claimedAhead = new Map<string, Promise<boolean>>();
  const records = new Map<string, { readonly record: SourceRecord | undefined }>();
  const claimBatch = async (batch: readonly string[]): Promise<ReadonlySet<string>> => {
    const { at, until } = window();
    const granted = await store.claimSources(replica.id, batch, tick, at, until);
    for (const name of granted) sources.add(name);
    for (const source of granted) logger.debug({ source, replica: replica.id, tick }, 'claimed this source for this tick');
    if (granted.length > 0 && store.getSources !== undefined) {
      try {
        // Read after the claim committed: what another replica wrote before it released them is in.
        const found = await store.getSources(granted);
        for (const name of granted) records.set(name, { record: found.get(name) });
      } catch (error) {
        // Each reader reads its record itself (and meets the same trouble there, as without a batch).
        logger.debug({ err: error, replica: replica.id }, 'could not read the records of the sources claimed');
      }
    }
    return new Set(granted);
  };
  const releaseSources = async () => {
    const held = [...sources];
    sources.clear();
    if (held.length > 0) await store.releaseSources(replica.id, held, clock.now().toISOString());
  };
  return {
    tick,
    plan(names, batch) {
      planned = [...names];
      next = 0;
      batchSize = Math.max(1, Math.floor(batch));
    },
    claimSource(source) {
      const ahead = claimedAhead.get(source);
      if (ahead !== undefined) {
        claimedAhead.delete(source);
        return ahead;
      }
      // This source, and the next planned ones no claim has tried yet.
      const batch = [source];
      tried.add(source);
      while (batch.length < batchSize && next < planned.length) {
        const name = planned[next] ?? '';
        next += 1;
        if (tried.has(name)) continue;
        tried.add(name);
        batch.push(name);
      }
      const claimed = claimBatch(batch);
      for (const name of batch.slice(1)) {
        const granted = claimed.then((set) => set.has(name));
        // Rejections are reported to whoever takes them (claimSource); never unhandled.
        granted.catch(() => undefined);
        claimedAhead.set(name, granted);
      }
      return claimed.then((set) => set.has(source));
    },
    claimedRecord(source) {
      const record = records.get(source);
      records.delete(source);
      return record;
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
    async holdForSend(destination, budgetMs) {
      // A renewal computed before this hold must not land after it and shorten it.
      await renewing;
      const now = clock.now();
      const untilMs = now.getTime() + Math.max(0, budgetMs) + leaseMs;
      sending.set(destination, untilMs);
      try {
        if (await store.claimDestination(replica.id, destination, now.toISOString(), new Date(untilMs).toISOString())) {
          destinations.set(destination, untilMs);
          return true;
        }
      } catch (error) {
        // Not confirmed, so not sent: the entry waits, and no other replica can have sent it meanwhile.
        sending.delete(destination);
        logger.warn({ err: error, destination, replica: replica.id }, 'could not extend the claim on a destination before a send; sending nothing more there this cycle');
        return false;
      }
      sending.delete(destination);
      destinations.delete(destination);
      logger.warn({ destination, replica: replica.id }, 'lost the claim on a destination to another replica (its lease ran out)');
      return false;
    },
    async sendDone(destination) {
      if (!sending.delete(destination) || !destinations.has(destination)) return;
      const { at, until, untilMs } = window();
      try {
        if (await store.claimDestination(replica.id, destination, at, until)) destinations.set(destination, untilMs);
      } catch (error) {
        // The longer claim stays: it runs out later, nothing is sent twice.
        logger.warn({ err: error, destination, replica: replica.id }, 'could not shorten the claim on a destination after a send');
      }
    },
    async keepDestination(destination) {
      sending.delete(destination);
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
