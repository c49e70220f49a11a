const REDIRECT_STATUSES: readonly number[] = [301, 302, 303, 307, 308];

export function isRedirectStatus(status: number): boolean {
  return REDIRECT_STATUSES.includes(status);
}

export function isHttpUrl(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

export type RedirectTarget = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly reason: string };

/** Resolve a Location header against the URL that answered with it; only http(s) targets are followed. */
export function resolveRedirect(location: string | undefined, base: URL): RedirectTarget {
  if (location === undefined || location.trim() === '') return { ok: false, reason: 'no Location header' };
  let url: URL;
  try {
    url = new URL(location.trim(), base);
  } catch {
    return { ok: false, reason: `invalid Location ${JSON.stringify(location)}` };
  }
  if (!isHttpUrl(url)) return { ok: false, reason: `Location ${url.href} has unsupported scheme ${url.protocol}` };
  return { ok: true, url };
}
