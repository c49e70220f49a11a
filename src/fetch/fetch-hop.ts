import { FeedFetchError } from '../errors/feed-fetch-error.js';
import { createAbortScope, raceAbort } from './abort-scope.js';
import { checkAddresses, type AddressClass, type ClassifyAddressFn } from './address-policy.js';
import { readResponse, type HopOutcome } from './read-response.js';
import { hostnameOf, resolveHost, type LookupFn } from './resolve-host.js';
import { sendRequest, type HopResponse } from './send-request.js';
import { toFeedFetchError } from './to-feed-fetch-error.js';

export interface HopContext {
  readonly headers: Readonly<Record<string, string>>;
  readonly connectTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly lookup: LookupFn;
  readonly classifyAddress: ClassifyAddressFn;
  readonly now: () => Date;
  /** Aborted (with a FeedFetchError reason) on total timeout or caller abort. */
  readonly signal: AbortSignal;
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
 * One request: resolve the hostname, apply the address policy, connect to exactly the checked
 * addresses under the connect timeout (DNS + TCP + TLS), then read the response. The socket is
 * destroyed when the hop ends, whatever happened.
 */
export async function fetchHop(input: HopInput, context: HopContext): Promise<HopResult> {
  const { url } = input;
  const scope = createAbortScope(context.signal);
  const connectTimer = setTimeout(() => {
    scope.abort(
      new FeedFetchError(
        `connect timeout: no connection to ${url.href} within ${String(context.connectTimeoutMs)} ms (DNS + TCP + TLS)`,
        { url: url.href, kind: 'timeout' },
      ),
    );
  }, context.connectTimeoutMs);
  let hop: HopResponse | undefined;
  try {
    const addresses = await raceAbort(resolveHost(hostnameOf(url), context.lookup), scope.signal);
    if (addresses.length === 0) {
      throw new FeedFetchError(`cannot fetch ${url.href}: ${url.hostname} has no address`, {
        url: url.href,
        kind: 'connect',
      });
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
      addresses,
      headers: context.headers,
      signal: scope.signal,
      onConnected: () => clearTimeout(connectTimer),
    });
    hop.response.on('error', () => undefined);
    const outcome = await readResponse(hop.response, {
      url: url.href,
      maxBodyBytes: context.maxBodyBytes,
      signal: scope.signal,
      now: context.now,
    });
    return { outcome, sourceScope: check.scope };
  } catch (error) {
    throw toFeedFetchError(error, url.href, scope.signal);
  } finally {
    clearTimeout(connectTimer);
    hop?.request.destroy();
    scope.dispose();
  }
}
