import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { HttpRequest } from '../http/http-server.js';

/**
 * Who may read the pages (and `/metrics`):
 * - a token set (`VEILLE_HTTP_TOKEN`): every page needs it, whatever the address veille listens on
 *   (a reverse proxy on the same machine makes every client look local), as
 *   `Authorization: Bearer TOKEN` or the session cookie the login form sets; `/metrics` too unless
 *   `settings.metrics_public`;
 * - no token, loopback address (the default 127.0.0.1): open, as the endpoint always was;
 * - no token, another address (`--http-host 0.0.0.0`): the pages answer loopback clients only;
 *   `/metrics` stays open (the Docker image scrapes it), `/healthz` and `/readyz` are always open.
 */
export type AccessMode = 'token' | 'open' | 'loopback-clients';

export interface Access {
  readonly mode: AccessMode;
  /** Whether `request` may read a page. */
  allowsPage(request: HttpRequest): boolean;
  /** Whether `request` may read `/metrics`. */
  allowsMetrics(request: HttpRequest): boolean;
  /** True when `token` is the access token (constant time). */
  checkToken(token: string): boolean;
  /** The `Set-Cookie` value that signs a browser in (token mode only). */
  sessionCookie(): string;
  /** The `Set-Cookie` value that signs it out. */
  clearCookie(): string;
}

export const SESSION_COOKIE = 'veille_session';

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function isLoopbackAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Equal-length digests compared in constant time: neither the token's length nor its bytes leak. */
function sameSecret(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected);
}

export function createAccess(options: { readonly host: string; readonly token?: string; readonly metricsPublic: boolean }): Access {
  const { token } = options;
  const mode: AccessMode = token !== undefined ? 'token' : isLoopbackHost(options.host) ? 'open' : 'loopback-clients';
  const tokenDigest = digest(token ?? '');
  // The cookie holds a value derived from the token, never the token itself.
  const session = token === undefined ? '' : createHmac('sha256', token).update('veille web session v1').digest('hex');
  const sessionDigest = digest(session);

  const authenticated = (request: HttpRequest): boolean => {
    if (token === undefined) return false;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const bearer = /^Bearer\s+(.+)$/i.exec(authorization.trim());
      if (bearer?.[1] !== undefined && sameSecret(bearer[1], tokenDigest)) return true;
    }
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    return cookie !== undefined && sameSecret(cookie, sessionDigest);
  };

  return {
    mode,
    allowsPage: (request) => (mode === 'open' ? true : mode === 'token' ? authenticated(request) : isLoopbackAddress(request.remoteAddress)),
    allowsMetrics: (request) => mode !== 'token' || options.metricsPublic || authenticated(request),
    checkToken: (given) => token !== undefined && sameSecret(given, tokenDigest),
    sessionCookie: () => `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict`,
    clearCookie: () => `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`,
  };
}

/** The value of cookie `name` in a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index !== -1 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
