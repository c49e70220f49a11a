import { FeedFetchError } from '../errors/feed-fetch-error.js';
import type { AbortScope } from './abort-scope.js';
import { ConnectTimer } from './connect-timer.js';
import { checkAddresses, type AddressClass, type ClassifyAddressFn } from './address-policy.js';
import type { ConnectionPool } from './connection-pool.js';
import { readResponse, type HopOutcome } from './read-response.js';
import { buildRequestHeaders, type ConditionalValidators } from './request-headers.js';
import { hostnameOf, literalAddresses, type LookupFn } from './resolve-host.js';
import { sendRequest, type HopResponse } from './send-request.js';
import { toFeedFetchError } from './to-feed-fetch-error.js';

export interface HopContext {
  readonly userAgent: string;
  /** Sent on every hop (If-None-Match, If-Modified-Since). */
  readonly validators: ConditionalValidators;
  readonly connectTimeoutMs: number;
  readonly maxBodyBytes: number;
  /** sha256 (hex) of the body received last time, if any. */
  readonly previousBodyHash: string | undefined;
  readonly lookup: LookupFn;
  readonly classifyAddress: ClassifyAddressFn;
  readonly connections: ConnectionPool;
  readonly now: () => Date;
  /** Stopped (with a FeedFetchError reason) on total timeout or caller abort. */
  readonly scope: AbortScope;
}

export interface HopInput {
  readonly url: URL;
  /** Undefined for the configured URL: its addresses decide the scope of every later hop. */
  readonly sourceScope: AddressClass | undefined;
}

export interface HopResult {
  readonly outcome: HopOutcome;
  readonly sourceScope: AddressClass;
}

/**
 * One request: resolve the hostname, apply the address policy, then send the request on a pooled
 * connection of the source's scope or on a new one to exactly the checked addresses, under the
 * connect timeout (DNS, then TCP + TLS of a new connection), and read the response. When the hop
 * fails, its request and socket are destroyed; when it succeeds, the connection goes back to the pool.
 */
export async function fetchHop(input: HopInput, context: HopContext): Promise<HopResult> {
  const { url } = input;
  const { scope } = context;
  const connecting = new ConnectTimer(url.href, context.connectTimeoutMs, scope);
  let hop: HopResponse | undefined;
  try {
    const hostname = hostnameOf(url);
    // An IP literal is its own address: no lookup, nothing to wait for.
    const literal = literalAddresses(hostname);
    let addresses = literal;
    if (addresses === undefined) {
      connecting.arm();
      addresses = await scope.race(context.lookup(hostname));
    }
    if (addresses.length === 0) {
      throw new FeedFetchError(`cannot fetch ${url.href}: ${url.hostname} has no address`, { url: url.href, kind: 'connect' });
    }
    const check = checkAddresses(addresses, input.sourceScope, context.classifyAddress);
    if (!check.ok) {
      throw new FeedFetchError(
        `blocked redirect to ${url.href}: ${url.hostname} resolves to private address ${check.blocked}, but the source is public`,
        { url: url.href, kind: 'blocked-address', address: check.blocked },
      );
    }
    hop = await sendRequest({
      url,
      hostname,
      addresses: literal === undefined ? addresses : undefined,
      headers: buildRequestHeaders(context.validators, context.userAgent, url.host),
      agent: context.connections.agentFor(url.protocol, check.scope),
      scope,
      connecting,
    });
    hop.response.on('error', ignoreLateError);
    const outcome = await readResponse(hop.response, {
      url: url.href,
      maxBodyBytes: context.maxBodyBytes,
      previousBodyHash: context.previousBodyHash,
      now: context.now,
    });
    return { outcome, sourceScope: check.scope };
  } catch (error) {
    hop?.request.destroy();
    throw toFeedFetchError(error, url.href, scope);
  } finally {
    connecting.stop();
    scope.release();
  }
}

/** After the hop, the response may still report a socket error nobody waits for. */
function ignoreLateError(): void {}
