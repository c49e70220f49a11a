/**
 * Group commit: write operations submitted in the same turn of the event loop share one
 * transaction, so one fsync makes a whole batch durable instead of one fsync per operation.
 *
 * - An operation that throws is rolled back alone and rejects alone; the others of its batch
 *   still commit. The batch first runs without a savepoint per operation (two more statements
 *   each, a large part of the store's CPU in a cycle of 304s); an operation rarely throws (the store
 *   checks its input before queueing it), and when one does, the whole transaction is rolled back
 *   and the batch runs again, each operation in its own savepoint. So an operation's body may run
 *   twice: it must not act outside the database (the first run's changes are rolled back).
 * - A promise resolves only after the COMMIT of its batch returned: "resolved" still means "on disk".
 * - If BEGIN or COMMIT fails, nothing of the batch is kept and every operation rejects with that error.
 *   So too when an operation's error rolled back the whole transaction, not just its savepoint
 *   (SQLite does so on a full disk, an I/O error or out of memory): the batch stops there and every
 *   operation rejects with that error; none of those after it runs.
 * - Operations run in submission order. A read issued after a write was awaited sees it; a read
 *   issued before (without awaiting) may not.
 * - An operation is `durable` (the default) or not. A batch holding a durable one is committed
 *   durably (fsync before COMMIT returns); a batch of non-durable ones is only atomic and survives
 *   a crash of the process, not of the machine, until the next durable commit makes it durable too.
 */
export interface GroupCommitDeps {
  /** Runs `body` between BEGIN IMMEDIATE and COMMIT (rolled back if it throws, unless already rolled back); `durable`: see above. */
  readonly transaction: (body: () => void, durable: boolean) => void;
  /** Runs `body` in a savepoint of the open transaction (rolled back to it if it throws). */
  readonly savepoint: <T>(body: () => T) => T;
  /** Whether the transaction is still open (an error may have rolled all of it back). */
  readonly inTransaction: () => boolean;
  /** Calls `flush` once the operations of this turn are queued; default `setImmediate`. */
  readonly schedule?: (flush: () => void) => void;
}

interface Pending {
  readonly body: () => unknown;
  readonly durable: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Settled = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

export interface GroupCommit {
  /** Queues `body` for the next batch; resolves with its result once the batch is committed. `body` may run twice (see above). */
  submit<T>(body: () => T, options?: { readonly durable?: boolean }): Promise<T>;
  /** Commits what is queued now, synchronously (before closing the database). */
  flush(): void;
  /** Operations waiting for the next batch. */
  readonly queued: number;
}

export function createGroupCommit(deps: GroupCommitDeps): GroupCommit {
  const schedule = deps.schedule ?? ((flush: () => void) => void setImmediate(flush));
  let queue: Pending[] = [];

  const flush = (): void => {
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    const durable = batch.some((operation) => operation.durable);
    const values: unknown[] = [];
    let operationFailed = false;
    try {
      deps.transaction(() => {
        for (const operation of batch) {
          try {
            values.push(operation.body());
          } catch (error) {
            operationFailed = true;
            throw error; // the whole transaction is rolled back
          }
        }
      }, durable);
    } catch (error) {
      if (operationFailed) runEachInSavepoint(batch, durable);
      else for (const operation of batch) operation.reject(error); // BEGIN or COMMIT failed
      return;
    }
    batch.forEach((operation, index) => operation.resolve(values[index]));
  };

  /** The batch again after one of its operations threw: each in a savepoint, so that it fails alone. */
  const runEachInSavepoint = (batch: readonly Pending[], durable: boolean): void => {
    const settled: Settled[] = [];
    try {
      deps.transaction(() => {
        for (const operation of batch) {
          try {
            settled.push({ ok: true, value: deps.savepoint(operation.body) });
          } catch (error) {
            if (!deps.inTransaction()) throw error;
            settled.push({ ok: false, error });
          }
        }
      }, durable);
    } catch (error) {
      for (const operation of batch) operation.reject(error);
      return;
    }
    batch.forEach((operation, index) => {
      const outcome = settled[index];
      if (outcome?.ok === true) operation.resolve(outcome.value);
      else operation.reject(outcome?.error);
    });
  };

  return {
    submit<T>(body: () => T, options: { readonly durable?: boolean } = {}): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (queue.length === 0) schedule(flush);
        queue.push({ body, durable: options.durable ?? true, resolve: resolve as (value: unknown) => void, reject });
      });
    },
    flush,
    get queued() {
      return queue.length;
    },
  };
}
