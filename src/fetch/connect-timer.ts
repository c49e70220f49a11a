import { FeedFetchError } from '../errors/feed-fetch-error.js';
import type { AbortScope } from './abort-scope.js';

/**
 * The connect timeout of one hop: it runs while the hop waits for DNS, then for the TCP (and TLS)
 * handshake of a new connection, and stops the fetch if they take longer than `timeoutMs` in all.
 * It is armed only when there is something to wait for: a hop on a reused connection to an IP
 * literal (most 304s of a cycle) sets no timer at all.
 */
export class ConnectTimer {
  readonly #href: string;
  readonly #timeoutMs: number;
  readonly #scope: AbortScope;
  #timer: NodeJS.Timeout | undefined;

  constructor(href: string, timeoutMs: number, scope: AbortScope) {
    this.#href = href;
    this.#timeoutMs = timeoutMs;
    this.#scope = scope;
  }

  /** Starts the timeout unless it runs already (a lookup, then the new connection it leads to). */
  arm(): void {
    this.#timer ??= setTimeout(expire, this.#timeoutMs, this);
  }

  /** Starts the timeout again from now (a second connection after a stale one). */
  restart(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(expire, this.#timeoutMs, this);
  }

  /** The connection is up, or the hop is over. */
  stop(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The timeout passed: the fetch stops. */
  expired(): void {
    this.#timer = undefined;
    this.#scope.abort(
      new FeedFetchError(
        `connect timeout: no connection to ${this.#href} within ${String(this.#timeoutMs)} ms (DNS + TCP + TLS)`,
        { url: this.#href, kind: 'timeout' },
      ),
    );
  }
}

function expire(timer: ConnectTimer): void {
  timer.expired();
}
