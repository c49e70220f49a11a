import type { LookupAddress } from 'node:dns';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { hostnameOf } from './resolve-host.js';

export interface HopRequest {
  readonly url: URL;
  /** Addresses already resolved and checked: the socket connects to one of these and nothing else. */
  readonly addresses: readonly LookupAddress[];
  readonly headers: Readonly<Record<string, string>>;
  /** Aborting destroys the request (and its socket) with `signal.reason`. */
  readonly signal: AbortSignal;
  /** Called once TCP (http) or TLS (https) is established. */
  readonly onConnected: () => void;
}

export interface HopResponse {
  readonly request: ClientRequest;
  readonly response: IncomingMessage;
}

/**
 * One GET on a fresh socket (no agent pooling: `Connection: close`). Host header and TLS SNI stay
 * the URL's hostname while the socket uses only the pinned addresses. Resolves on response headers;
 * the caller reads or destroys the body and must destroy `request` when done.
 */
export function sendRequest(hop: HopRequest): Promise<HopResponse> {
  const { url, signal } = hop;
  const isHttps = url.protocol === 'https:';
  const request = (isHttps ? httpsRequest : httpRequest)({
    protocol: url.protocol,
    hostname: hostnameOf(url),
    port: url.port === '' ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    headers: { ...hop.headers, Host: url.host },
    agent: false,
    lookup: pinnedLookup(hop.addresses),
  });

  request.once('socket', (socket: Socket) => {
    if (isHttps) socket.once('secureConnect', hop.onConnected);
    else if (socket.connecting) socket.once('connect', hop.onConnected);
    else hop.onConnected();
  });

  const onAbort = (): void => {
    request.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  request.once('close', () => signal.removeEventListener('abort', onAbort));

  return new Promise<HopResponse>((resolve, reject) => {
    // Stays attached for the request's whole life: a late socket error must never go unhandled.
    request.on('error', reject);
    request.once('response', (response) => resolve({ request, response }));
    request.end();
  });
}

/** A `lookup` for net.connect that answers with the checked addresses only. */
function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
    const usable = addresses.filter(({ family }) => wanted === undefined || family === wanted);
    const [first] = usable;
    if (first === undefined) {
      const error: NodeJS.ErrnoException = new Error(`no IPv${String(wanted)} address for ${hostname}`);
      error.code = 'ENOTFOUND';
      callback(error, '');
      return;
    }
    if (options.all === true) callback(null, usable.map(({ address, family }) => ({ address, family })));
    else callback(null, first.address, first.family);
  };
}
