import type { LookupAddress } from 'node:dns';
import { request as httpRequest, type Agent, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import type { AbortScope } from './abort-scope.js';
import type { ConnectTimer } from './connect-timer.js';

export interface HopRequest {
  readonly url: URL;
  /** `hostnameOf(url)`. */
  readonly hostname: string;
  /**
   * Addresses already resolved and checked: a new socket connects to one of these and nothing else.
   * Undefined when the hostname is an IP literal (the socket connects to it without a lookup).
   */
  readonly addresses: readonly LookupAddress[] | undefined;
  /** Name, value, name, value…, as `buildRequestHeaders` makes them (Host included). */
  readonly headers: readonly string[];
  /** Keep-alive agent of the source's scope (see connection-pool.ts); false: a new connection of its own. */
  readonly agent: Agent | false;
  /** Stopping the fetch destroys the request (and its socket) with the reason. */
  readonly scope: AbortScope;
  /**
   * The connect timeout: armed for a new connection (it may run already, since the DNS lookup),
   * stopped once TCP (http) or TLS (https) is up or a connection is reused, started again for a retry.
   */
  readonly connecting: ConnectTimer;
}

export interface HopResponse {
  readonly request: ClientRequest;
  readonly response: IncomingMessage;
}

/**
 * One GET through the keep-alive agent. Host header and TLS SNI stay the URL's hostname while a
 * new socket uses only the pinned addresses. Resolves on response headers; the caller reads the
 * body or discards it, and destroys `request` if anything goes wrong.
 *
 * A reused connection that the server closed while it was idle fails before any response: that
 * request is sent again, once, on a new connection (GET is idempotent).
 */
export function sendRequest(hop: HopRequest, retryOnStale = true): Promise<HopResponse> {
  const { url } = hop;
  const isHttps = url.protocol === 'https:';
  const request = (isHttps ? httpsRequest : httpRequest)({
    protocol: url.protocol,
    hostname: hop.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    // An array is sent as it is, after the same checks as an object's headers, without the
    // header map an object is copied into. Node takes the flat form (as rawHeaders) as such.
    headers: hop.headers as string[],
    agent: hop.agent,
    // net.connect looks up names only: an IP literal is connected to as it is.
    lookup: hop.addresses === undefined ? undefined : pinnedLookup(hop.addresses),
  });
  hop.scope.enter(request);

  const { connecting } = hop;
  // `on`, not `once`, for events a request emits once: no wrapper is made per listener.
  request.on('socket', (socket: Socket) => {
    if (request.reusedSocket || (!isHttps && !socket.connecting)) {
      connecting.stop();
      return;
    }
    connecting.arm();
    socket.once(isHttps ? 'secureConnect' : 'connect', () => connecting.stop());
  });

  return new Promise<HopResponse>((resolve, reject) => {
    let answered = false;
    // Stays attached for the request's whole life: a late socket error must never go unhandled.
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      answered = true;
      if (retryOnStale && request.reusedSocket && hop.scope.reason === undefined && isStaleConnection(error)) {
        connecting.restart();
        // Not through the agent: it could hand out another idle connection the server dropped too.
        resolve(sendRequest({ ...hop, agent: false }, false));
      } else {
        reject(error);
      }
    });
    request.on('response', (response) => {
      answered = true;
      resolve({ request, response });
    });
    request.end();
  });
}

function isStaleConnection(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ECONNRESET' || error.code === 'EPIPE';
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
