import { StoreError } from '../errors/store-error.js';
import type { Store } from './store.js';

/** A store that is opened later: see `createDeferredStore`. */
export interface DeferredStore {
  /** Fails every call with a StoreError (`unavailable`) until `open` gives it the real store. */
  readonly store: Store;
  open(inner: Store): void;
  readonly opened: boolean;
}

/**
 * Stands for a PostgreSQL store while the server cannot be reached yet (`veille run` waits for it
 * with backoff): the HTTP endpoint already answers, `/readyz` says not ready, and every call fails
 * like a call to an unreachable database. `close` closes the real store, if any.
 */
export function createDeferredStore(where: string): DeferredStore {
  let inner: Store | undefined;
  const unavailable = (operation: string) =>
    new StoreError(`cannot ${operation}: the database ${where} has not been reached yet`, { engine: 'postgres', path: where, operation, kind: 'unavailable' });
  const store = new Proxy({} as Store, {
    get(_target, property) {
      if (inner !== undefined) {
        const value = Reflect.get(inner, property) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(inner) : value;
      }
      if (property === 'close') return async () => undefined;
      if (property === 'then' || typeof property !== 'string') return undefined;
      return async () => {
        throw unavailable(property);
      };
    },
  });
  return {
    store,
    open(real) {
      inner = real;
    },
    get opened() {
      return inner !== undefined;
    },
  };
}
