import { detachedString } from './detached-string.js';
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
  return plainAbsoluteLink(trimmed) ?? normalizeLinkWithUrlParser(trimmed, base);
}

/**
 * A plain absolute http(s) link (most feed links): lowercase ASCII host that cannot be an IP
 * address nor punycode, no port nor user, path and query of characters the URL parser keeps as
 * written, no dot segment, no fragment, no second '?' (the search setter would drop a leading one
 * of what is kept). Its URL is then its own text (with '/' for an empty path):
 * the query loses its tracking parameters without a URL object. Undefined for any other link,
 * which the URL parser reads (tests/parse/normalize-link-same.test.ts holds both together).
 */
const PLAIN_ABSOLUTE = /^(https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*)(\/[\w\-.~!$&()*+,;=:@%/]*)?(?:\?([\w\-.~!$&()*+,;=:@%/]*))?$/;
/** A path with a dot segment ('.', '..', or their percent-encoded forms), which the parser removes. */
const DOT_SEGMENT = /\/\.\.?(?:\/|$)|%2e/i;

export function plainAbsoluteLink(link: string): string | undefined {
  const match = PLAIN_ABSOLUTE.exec(link);
  if (match === null) return undefined;
  const [, origin = '', path = '/', query] = match;
  if (origin.includes('xn--') || DOT_SEGMENT.test(path)) return undefined;
  const kept = query === undefined ? '' : withoutTracking(query);
  // A copy: the pieces are slices of the link, itself a slice of the document, which the item
  // would otherwise keep whole while it waits for its commit (see detachedString).
  return detachedString(kept === '' ? origin + path : `${origin}${path}?${kept}`);
}

/** normalizeLink through the URL parser, for any trimmed, non-empty link. */
function normalizeLinkWithUrlParser(trimmed: string, base: string): string | undefined {
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
  let kept = '';
  let start = 0;
  while (start <= query.length) {
    const ampersand = query.indexOf('&', start);
    const end = ampersand === -1 ? query.length : ampersand;
    if (end > start) {
      const pair = query.slice(start, end);
      if (!isTrackingParameter(parameterName(pair))) kept = kept === '' ? pair : `${kept}&${pair}`;
    }
    start = end + 1;
  }
  return kept;
}

function parameterName(pair: string): string {
  const equals = pair.indexOf('=');
  const raw = equals === -1 ? pair : pair.slice(0, equals);
  // Nothing to decode: the name as written.
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}
