import type { FeedFetchError } from '../errors/feed-fetch-error.js';

/** What stopping tears down: a callback, or something to destroy with the reason (a request). */
export type Teardown = ((reason: FeedFetchError) => void) | { destroy(reason: FeedFetchError): unknown };

/**
 * How one fetch stops early: the first reason wins (total timeout, connect timeout, caller abort)
 * and the step in progress (a DNS wait, a request and its body) is torn down with it. Plain
 * callbacks, not an AbortController: nothing is allocated and no event is dispatched unless the
 * fetch is actually stopped.
 */
export class AbortScope {
  #reason: FeedFetchError | undefined;
  #teardown: Teardown | undefined;

  /** Why the fetch was stopped; undefined while it runs. */
  get reason(): FeedFetchError | undefined {
    return this.#reason;
  }

  abort(reason: FeedFetchError): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    const teardown = this.#teardown;
    this.#teardown = undefined;
    if (teardown !== undefined) tearDown(teardown, reason);
  }

  /** The step now in progress: `teardown` runs if the fetch stops before `release()` (at once if it already has). */
  enter(teardown: Teardown): void {
    if (this.#reason === undefined) this.#teardown = teardown;
    else tearDown(teardown, this.#reason);
  }

  /** The step in progress ended: there is nothing to tear down any more. */
  release(): void {
    this.#teardown = undefined;
  }

  /**
   * Settle with `promise`, or reject with the reason as soon as the fetch stops. The promise
   * itself cannot be cancelled (e.g. dns.lookup); its late result is dropped.
   */
  race<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.enter(reject);
      promise.then(
        (value) => {
          this.release();
          resolve(value);
        },
        (error: unknown) => {
          this.release();
          reject(error);
        },
      );
    });
  }
}

function tearDown(teardown: Teardown, reason: FeedFetchError): void {
  if (typeof teardown === 'function') teardown(reason);
  else teardown.destroy(reason);
}
