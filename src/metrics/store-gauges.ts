import { Gauge, type Registry } from 'prom-client';
import type { Store } from '../store/store.js';

/**
 * One read shared by the callers that ask while it is in flight: the source gauges of one scrape
 * (collected together) read the sources once, and the next scrape reads them again.
 */
function sharedWhileInFlight<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () =>
    (inFlight ??= read().finally(() => {
      inFlight = undefined;
    }));
}

/**
 * Gauges read from the state store at each scrape (never cached): the outbox backlog, and the health
 * of each configured source (sources removed from the config are left out).
 */
export function registerStoreGauges(registry: Registry, store: Pick<Store, 'pendingCount' | 'listSources'>, sources: readonly string[] | (() => readonly string[])): void {
  const registers = [registry];
  const listSources = sharedWhileInFlight(() => store.listSources());
  // A function: the sources of the configuration running now (it may be reloaded).
  const configuredNow = () => new Set(typeof sources === 'function' ? sources() : sources);
  new Gauge({
    name: 'veille_outbox_pending',
    help: 'Outbox entries waiting to be delivered (retries and disabled destinations included).',
    registers,
    async collect() {
      this.set(await store.pendingCount());
    },
  });
  new Gauge({
    name: 'veille_source_consecutive_failures',
    help: 'Failed reads in a row, per configured source (0: the last read succeeded, or none was tried yet).',
    labelNames: ['source'],
    registers,
    async collect() {
      const records = new Map((await listSources()).map((record) => [record.name, record]));
      this.reset();
      const configured = configuredNow();
      for (const source of configured) this.set({ source }, records.get(source)?.consecutiveFailures ?? 0);
    },
  });
  new Gauge({
    name: 'veille_source_last_success_timestamp_seconds',
    help: 'When each configured source was last read successfully (Unix time); absent until its first success.',
    labelNames: ['source'],
    registers,
    async collect() {
      const records = await listSources();
      this.reset();
      const configured = configuredNow();
      for (const record of records) {
        if (configured.has(record.name) && record.lastSuccessAt !== undefined) this.set({ source: record.name }, Date.parse(record.lastSuccessAt) / 1000);
      }
    },
  });
  new Gauge({
    name: 'veille_source_last_read_by',
    help: 'Which replica read each configured source last (always 1, the replica in a label); absent until a replica on PostgreSQL reads it.',
    labelNames: ['source', 'replica'],
    registers,
    async collect() {
      const records = await listSources();
      this.reset();
      const configured = configuredNow();
      for (const record of records) {
        if (configured.has(record.name) && record.lastReadBy !== undefined) this.set({ source: record.name, replica: record.lastReadBy }, 1);
      }
    },
  });
}
