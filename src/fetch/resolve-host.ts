import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

/** Resolves a hostname to every address it has (like `dns.lookup(host, { all: true })`). */
export type LookupFn = (hostname: string) => Promise<readonly LookupAddress[]>;

/**
 * `dns.lookup` with every address, in the resolver's order. `node:dns/promises` is loaded with the
 * first name looked up (a cycle whose sources are all IP literals never needs it), synchronously:
 * the bin's chunks are compiled as scripts, which cannot import a module dynamically.
 */
export const defaultLookup: LookupFn = (hostname) =>
  process.getBuiltinModule('node:dns/promises').lookup(hostname, { all: true, verbatim: true });

/** The URL's hostname without IPv6 brackets, as DNS and sockets want it. */
export function hostnameOf(url: URL): string {
  const { hostname } = url;
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** The addresses of an IP literal (itself), or undefined for a name, which needs a lookup. */
export function literalAddresses(hostname: string): readonly LookupAddress[] | undefined {
  const family = isIP(hostname);
  return family === 0 ? undefined : [{ address: hostname, family }];
}
