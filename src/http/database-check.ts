import type { Store } from '../store/store.js';
import type { CheckOutcome } from './evaluate-health.js';

/**
 * The state database takes its write lock (a locked, read-only, full or lost database fails here,
 * nothing is written) and answers a query.
 */
export function createDatabaseCheck(store: Pick<Store, 'pendingCount' | 'checkWritable'>): () => Promise<CheckOutcome> {
  return async () => {
    try {
      await store.checkWritable();
      const pending = await store.pendingCount();
      return { ok: true, detail: { status: 'ok', pending } };
    } catch (error) {
      return { ok: false, detail: { status: 'fail', reason: (error as Error).message } };
    }
  };
}
