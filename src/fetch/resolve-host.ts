import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Resolves a hostname to every address it has (like `dns.lookup(host, { all: true })`). */
export type LookupFn = (hostname: string) => Promise<readonly LookupAddress[]>;

export const defaultLookup: LookupFn = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** The URL's hostname without IPv6 brackets, as DNS and sockets want it. */
export function hostnameOf(url: URL): string {
  const { hostname } = url;
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** IP literals resolve to themselves; names go through `lookup`. */
export async function resolveHost(hostname: string, lookup: LookupFn): Promise<readonly LookupAddress[]> {
  const family = isIP(hostname);
  if (family !== 0) return [{ address: hostname, family }];
  return lookup(hostname);
}
