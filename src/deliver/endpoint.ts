import { DestinationSettingsError } from '../errors/destination-settings-error.js';

/**
 * The one rule for every URL a destination calls (webhooks, API roots, homeservers): https, or
 * plain http only to this machine (a local proxy, a test server). Such URLs often hold a secret.
 */
const LOOPBACK_NAMES = new Set(['localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_NAMES.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Whether `url` may carry a secret: https, or http on loopback. */
export function isAllowedEndpoint(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** The URL, or `undefined` when `text` is not an absolute URL. */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text.trim());
  } catch {
    return undefined;
  }
}

/**
 * An API root (`apiBase`) as a URL without trailing slash. Throws a {@link DestinationSettingsError}
 * when it is not a URL or breaks the endpoint rule; the error shows the scheme and host only.
 */
export function checkApiBase(destination: string, setting: string, apiBase: string): string {
  const url = parseUrl(apiBase);
  if (url === undefined) throw new DestinationSettingsError(destination, setting, `"${apiBase.slice(0, 60)}" is not a URL`);
  if (!isAllowedEndpoint(url)) {
    throw new DestinationSettingsError(destination, setting, `must use https (http only on loopback), got "${url.protocol}//${url.host}"`);
  }
  return url.href.replace(/\/+$/, '');
}
