import type { LookupAddress } from 'node:dns';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchFeed, isPrivateAddress, type LookupFn } from '../../src/fetch/fetch-feed.js';
import { fetchError, fetchOptions, sha256 } from './helpers/fetch-helpers.js';
import { startServer, type TestServer } from './helpers/test-server.js';

/**
 * Test world: 127.0.0.2 stands for "the public internet" (classified public), everything else keeps
 * its real classification. Only loopback addresses are ever connected to.
 */
const classifyAddress = (ip: string): 'public' | 'private' =>
  ip === '127.0.0.2' || !isPrivateAddress(ip) ? 'public' : 'private';

const DNS: Record<string, readonly LookupAddress[]> = {
  'public.test': [{ address: '127.0.0.2', family: 4 }],
  'cdn.test': [{ address: '127.0.0.2', family: 4 }],
  'internal.test': [{ address: '127.0.0.1', family: 4 }],
  'metadata.test': [{ address: '169.254.169.254', family: 4 }],
  'mixed.test': [
    { address: '127.0.0.2', family: 4 },
    { address: '10.0.0.1', family: 4 },
  ],
  'v6-loopback.test': [{ address: '::1', family: 6 }],
};

function testLookup(calls: string[], overrides: Record<string, readonly LookupAddress[]> = {}): LookupFn {
  return (hostname) => {
    calls.push(hostname);
    const addresses = overrides[hostname] ?? DNS[hostname];
    if (addresses !== undefined) return Promise.resolve(addresses);
    return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
  };
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(host: string, handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(handler, { host });
  servers.push(server);
  return server;
}

const feed: Parameters<typeof startServer>[0] = (_req, res) => res.writeHead(200).end('<rss/>');
const redirectTo =
  (location: string): Parameters<typeof startServer>[0] =>
  (_req, res) =>
    res.writeHead(302, { Location: location }).end();

describe('fetchFeed: address guard (SSRF)', () => {
  it('connects to exactly the address its lookup returned, with Host kept as the hostname', async () => {
    // Only listening on 127.0.0.2: the request can only arrive if the socket used the checked address.
    const cdn = await start('127.0.0.2', feed);
    const site = await start('127.0.0.2', redirectTo(`http://cdn.test:${String(cdn.port)}/feed.xml`));
    const calls: string[] = [];
    const url = `http://public.test:${String(site.port)}/feed`;

    const result = await fetchFeed({ url }, fetchOptions({ lookup: testLookup(calls), classifyAddress }));

    expect(result).toEqual({
      kind: 'ok',
      finalUrl: `http://cdn.test:${String(cdn.port)}/feed.xml`,
      status: 200,
      body: Buffer.from('<rss/>'),
      bodyHash: sha256('<rss/>'),
    });
    expect(calls).toEqual(['public.test', 'cdn.test']);
    expect(site.requests[0]?.headers.host).toBe(`public.test:${String(site.port)}`);
    expect(cdn.requests[0]?.headers.host).toBe(`cdn.test:${String(cdn.port)}`);
  });

  it('blocks a public source redirected to a private IP literal, before connecting', async () => {
    const internal = await start('127.0.0.1', feed);
    const site = await start('127.0.0.2', redirectTo(`http://127.0.0.1:${String(internal.port)}/secret`));
    const target = `http://127.0.0.1:${String(internal.port)}/secret`;

    const error = await fetchError(
      fetchFeed(
        { url: `http://public.test:${String(site.port)}/feed` },
        fetchOptions({ lookup: testLookup([]), classifyAddress }),
      ),
    );

    expect(error.kind).toBe('blocked-address');
    expect(error.url).toBe(target);
    expect(error.address).toBe('127.0.0.1');
    expect(error.message).toBe(
      `blocked redirect to ${target}: 127.0.0.1 resolves to private address 127.0.0.1, but the source is public`,
    );
    expect(internal.sockets).toHaveLength(0);
  });

  it.each([
    ['internal.test', '127.0.0.1'],
    ['metadata.test', '169.254.169.254'],
    ['mixed.test', '10.0.0.1'],
    ['v6-loopback.test', '::1'],
  ])('blocks a public source redirected to %s (%s)', async (hostname, address) => {
    const site = await start('127.0.0.2', redirectTo(`http://${hostname}/latest/meta-data/`));
    const target = `http://${hostname}/latest/meta-data/`;

    const error = await fetchError(
      fetchFeed(
        { url: `http://public.test:${String(site.port)}/feed` },
        fetchOptions({ lookup: testLookup([]), classifyAddress }),
      ),
    );

    expect(error.kind).toBe('blocked-address');
    expect(error.address).toBe(address);
    expect(error.message).toBe(
      `blocked redirect to ${target}: ${hostname} resolves to private address ${address}, but the source is public`,
    );
  });

  it('blocks a public source redirected to loopback written as an IPv4-mapped IPv6 literal', async () => {
    const internal = await start('127.0.0.1', feed);
    const site = await start('127.0.0.2', redirectTo(`http://[::ffff:127.0.0.1]:${String(internal.port)}/`));

    const error = await fetchError(
      fetchFeed(
        { url: `http://public.test:${String(site.port)}/` },
        fetchOptions({ lookup: testLookup([]), classifyAddress }),
      ),
    );

    expect(error.kind).toBe('blocked-address');
    expect(error.address).toBe('::ffff:7f00:1');
    expect(internal.sockets).toHaveLength(0);
  });

  it('never lends a private source\'s kept-alive connection to a public source (DNS rebinding)', async () => {
    const intranet = await start('127.0.0.1', feed);
    const target = `http://rebind.test:${String(intranet.port)}/feed`;
    let rebound: LookupAddress = { address: '127.0.0.1', family: 4 };
    const lookup: LookupFn = (hostname) =>
      hostname === 'rebind.test' ? Promise.resolve([rebound]) : testLookup([])(hostname);

    // A source configured on rebind.test (127.0.0.1) is private: its connection stays in the pool.
    const trusted = await fetchFeed({ url: target }, fetchOptions({ lookup, classifyAddress }));
    // Then the name resolves to a public address, and a public source is redirected there.
    rebound = { address: '127.0.0.2', family: 4 };
    const site = await start('127.0.0.2', redirectTo(target));
    const error = await fetchError(
      fetchFeed({ url: `http://public.test:${String(site.port)}/` }, fetchOptions({ lookup, classifyAddress })),
    );

    expect(trusted.kind).toBe('ok');
    // A new connection to the checked address (nothing listens there), not the pooled one to 127.0.0.1.
    expect(error.kind).toBe('connect');
    expect(error.message).toBe(`cannot fetch ${target}: connect ECONNREFUSED 127.0.0.2:${String(intranet.port)} (ECONNREFUSED)`);
    expect(intranet.requests).toHaveLength(1);
  });

  it('allows a source configured on a private address to redirect anywhere', async () => {
    const other = await start('127.0.0.2', feed);
    const intranet = await start('127.0.0.1', redirectTo(`http://internal.test:${String(other.port)}/x`));
    const calls: string[] = [];
    const lookup = testLookup(calls, { 'internal.test': [{ address: '127.0.0.2', family: 4 }] });

    // Default classifier: the configured 127.0.0.1 is private, so the source is trusted everywhere.
    const result = await fetchFeed({ url: `${intranet.origin}/feed` }, fetchOptions({ lookup }));

    expect(result.kind).toBe('ok');
    expect(result.finalUrl).toBe(`http://internal.test:${String(other.port)}/x`);
    expect(calls).toEqual(['internal.test']);
    expect(other.requests).toHaveLength(1);
  });

  it('treats a configured name resolving to a private address as a private source', async () => {
    const target = await start('127.0.0.1', feed);
    const intranet = await start('127.0.0.1', redirectTo(`http://127.0.0.1:${String(target.port)}/`));

    const result = await fetchFeed(
      { url: `http://internal.test:${String(intranet.port)}/` },
      fetchOptions({ lookup: testLookup([]), classifyAddress }),
    );

    expect(result.kind).toBe('ok');
    expect(target.requests).toHaveLength(1);
  });

  it('resolves names with the system resolver by default (localhost)', async () => {
    const server = await start('127.0.0.1', feed);

    const result = await fetchFeed({ url: `http://localhost:${String(server.port)}/` }, fetchOptions());

    expect(result.kind).toBe('ok');
    expect(server.requests[0]?.headers.host).toBe(`localhost:${String(server.port)}`);
  });

  it('connects to IPv6 literals', async () => {
    const server = await start('::1', feed);

    const result = await fetchFeed({ url: `http://[::1]:${String(server.port)}/` }, fetchOptions());

    expect(result.kind).toBe('ok');
    expect(server.requests[0]?.headers.host).toBe(`[::1]:${String(server.port)}`);
  });
});
