import { isTrackingParameter } from './tracking-parameters.js';

/**
 * A link as one canonical absolute URL: resolved against `base` (the feed URL), http(s) only,
 * without fragment or tracking parameters; other parameters keep their order and spelling. The URL
 * parser lowercases scheme and host, drops default ports and percent-encodes what must be.
 * Undefined when the link is empty, unparsable or not http(s).
 */
export function normalizeLink(href: string, base: string): string | undefined {
  const trimmed = href.trim();
  if (trimmed === '') return undefined;
  const url = parseUrl(trimmed, base);
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    return undefined;
  }
  // Without '?' or '#' in the link, the URL has neither query nor fragment (a link of only a
  // fragment, which keeps the base's query, has a '#'): nothing to remove, no setter to run.
  if (!trimmed.includes('?') && !trimmed.includes('#')) return url.href;
  url.hash = '';
  url.search = withoutTracking(url.search.slice(1)); // also drops a bare trailing '?'
  return url.href;
}

/** A link that starts this way is parsed the same with or without a base (WHATWG URL: its authority follows). */
const ABSOLUTE_HTTP = /^https?:\/\//i;

function parseUrl(href: string, base: string): URL | undefined {
  try {
    // Most feed links are absolute: without a base, the URL parser does not parse the feed URL again for each.
    return ABSOLUTE_HTTP.test(href) ? new URL(href) : new URL(href, base);
  } catch {
    // An unusable base must not hide an absolute link.
    try {
      return new URL(href);
    } catch {
      return undefined;
    }
  }
}

/** Filters the raw query (no re-encoding, so `a=b+c&d=%20` stays as written). */
function withoutTracking(query: string): string {
  return query
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParameter(parameterName(pair)))
    .join('&');
}

function parameterName(pair: string): string {
  const raw = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}
