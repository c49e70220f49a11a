/**
 * Group commit for the PostgreSQL store: writes of one kind that arrive while the previous batch of
 * that kind is in flight wait for it and then go together, in one statement (or one transaction):
 * one round trip for the sources that finished together instead of one (or four) per source.
 *
 * - The first write of an idle batcher goes at once (after the current turn of the event loop, so
 *   writes submitted in the same turn share it); no timer, no added latency.
 * - A promise resolves only after its batch committed: "resolved" still means "durable", as for a
 *   single write. When the batch fails, every write of it rejects with that error.
 * - `key`: writes with one key never share a batch (a multi-row upsert may touch a row only once);
 *   the later one waits for the next batch, so writes of one key still apply in submission order.
 */
export interface WriteBatcher<T> {
  submit(write: T): Promise<void>;
}

interface Queued<T> {
  readonly write: T;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export function createWriteBatcher<T>(options: { readonly key: (write: T) => string; readonly run: (batch: readonly T[]) => Promise<void>; readonly maxBatch?: number }): WriteBatcher<T> {
  const maxBatch = options.maxBatch ?? 500;
  let queue: Queued<T>[] = [];
  let busy = false;

  const next = (): Queued<T>[] => {
    const batch: Queued<T>[] = [];
    const rest: Queued<T>[] = [];
    const keys = new Set<string>();
    const held = new Set<string>();
    for (const queued of queue) {
      const key = options.key(queued.write);
      // A key already in this batch, and everything of that key after it, waits (order per key).
      if (batch.length >= maxBatch || keys.has(key) || held.has(key)) {
        held.add(key);
        rest.push(queued);
      } else {
        keys.add(key);
        batch.push(queued);
      }
    }
    queue = rest;
    return batch;
  };

  const flush = async (): Promise<void> => {
    busy = true;
    try {
      while (queue.length > 0) {
        const batch = next();
        try {
          await options.run(batch.map((queued) => queued.write));
          for (const queued of batch) queued.resolve();
        } catch (error) {
          for (const queued of batch) queued.reject(error);
        }
      }
    } finally {
      busy = false;
    }
  };

  return {
    submit(write) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ write, resolve, reject });
        if (!busy) {
          busy = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}
