import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { fetchError, fetchOptions, sha256, testConnections } from './helpers/fetch-helpers.js';
import { startServer, type TestServer } from './helpers/test-server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

type Routes = Record<string, (req: IncomingMessage, res: ServerResponse) => void>;

async function startRoutes(routes: Routes): Promise<TestServer> {
  const server = await startServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (route === undefined) res.writeHead(404).end();
    else route(req, res);
  });
  servers.push(server);
  return server;
}

const redirect =
  (status: number, location: string) =>
  (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(status, { Location: location }).end();
  };
const feed = (_req: IncomingMessage, res: ServerResponse): void => {
  res.writeHead(200, { 'Content-Type': 'application/atom+xml' }).end('<feed/>');
};

describe('fetchFeed: redirects', () => {
  it('follows a chain of 301, 302, 303, 307 and 308 across servers, with relative Locations', async () => {
    const second = await startRoutes({
      '/c': redirect(303, '/d'),
      '/d': redirect(307, 'sub/e?x=1'),
      '/sub/e?x=1': redirect(308, '../final.xml'),
      '/final.xml': feed,
    });
    const first = await startRoutes({
      '/a': redirect(301, '/b'),
      '/b': redirect(302, `${second.origin}/c`),
    });

    const result = await fetchFeed({ url: `${first.origin}/a` }, fetchOptions());

    expect(result).toEqual({
      kind: 'ok',
      finalUrl: `${second.origin}/final.xml`,
      status: 200,
      body: Buffer.from('<feed/>'),
      bodyHash: sha256('<feed/>'),
      contentType: 'application/atom+xml',
    });
    expect(first.requests.map((r) => r.url)).toEqual(['/a', '/b']);
    expect(second.requests.map((r) => r.url)).toEqual(['/c', '/d', '/sub/e?x=1', '/final.xml']);
    expect(second.requests.map((r) => r.headers.host)).toEqual(Array(4).fill(`127.0.0.1:${String(second.port)}`));
    // Redirects on one server go over one kept-alive connection, closed with the idle ones.
    expect([first.sockets.length, second.sockets.length]).toEqual([1, 1]);
    testConnections.closeIdle();
    expect(await first.socketsState()).toBe('closed');
    expect(await second.socketsState()).toBe('closed');
  });

  it('follows protocol-relative and query-only Locations', async () => {
    const target = await startRoutes({ '/feed': redirect(301, '?page=2'), '/feed?page=2': feed });
    const origin = await startRoutes({ '/start': redirect(302, `//127.0.0.1:${String(target.port)}/feed`) });

    const result = await fetchFeed({ url: `${origin.origin}/start` }, fetchOptions());

    expect(result.kind).toBe('ok');
    expect(result.finalUrl).toBe(`${target.origin}/feed?page=2`);
    expect(target.requests.map((r) => r.url)).toEqual(['/feed', '/feed?page=2']);
  });

  it('sends the stored validators to the final hop and reports its URL on 304', async () => {
    const server = await startRoutes({
      '/old': redirect(301, '/new'),
      '/new': (req, res) => {
        if (req.headers['if-none-match'] === '"e1"') res.writeHead(304, { ETag: '"e1"' }).end();
        else feed(req, res);
      },
    });

    const result = await fetchFeed({ url: `${server.origin}/old`, etag: '"e1"' }, fetchOptions());

    expect(result).toEqual({ kind: 'not-modified', finalUrl: `${server.origin}/new`, etag: '"e1"' });
  });

  it('follows exactly maxRedirects redirects', async () => {
    const server = await startRoutes({
      '/1': redirect(302, '/2'),
      '/2': redirect(302, '/3'),
      '/3': feed,
    });

    const result = await fetchFeed({ url: `${server.origin}/1` }, fetchOptions({ maxRedirects: 2 }));

    expect(result.finalUrl).toBe(`${server.origin}/3`);
  });

  it('stops a redirect loop at the cap and names the loop', async () => {
    const server = await startRoutes({ '/a': redirect(302, '/b'), '/b': redirect(302, '/a') });
    const [a, b] = [`${server.origin}/a`, `${server.origin}/b`];

    const error = await fetchError(fetchFeed({ url: a }, fetchOptions({ maxRedirects: 5 })));

    expect(error.kind).toBe('redirect');
    expect(error.url).toBe(b);
    expect(error.message).toBe(`redirect loop: more than 5 redirects (${[a, b, a, b, a, b, a].join(' -> ')})`);
    expect(server.requests).toHaveLength(6);
    testConnections.closeIdle();
    expect(await server.socketsState()).toBe('closed');
  });

  it('stops an endless chain of new URLs at the cap', async () => {
    const server = await startServer((req, res) => {
      const n = Number((req.url ?? '').slice(1));
      res.writeHead(302, { Location: `/${String(n + 1)}` }).end();
    });
    servers.push(server);
    const url = (n: number): string => `${server.origin}/${String(n)}`;

    const error = await fetchError(fetchFeed({ url: url(0) }, fetchOptions({ maxRedirects: 3 })));

    expect(error.kind).toBe('redirect');
    expect(error.message).toBe(`too many redirects: more than 3 redirects (${[0, 1, 2, 3, 4].map(url).join(' -> ')})`);
    expect(server.requests.map((r) => r.url)).toEqual(['/0', '/1', '/2', '/3']);
  });

  it('refuses any redirect when maxRedirects is 0', async () => {
    const server = await startRoutes({ '/a': redirect(301, '/b'), '/b': feed });

    const error = await fetchError(fetchFeed({ url: `${server.origin}/a` }, fetchOptions({ maxRedirects: 0 })));

    expect(error.kind).toBe('redirect');
    expect(error.message).toBe(`too many redirects: more than 0 redirects (${server.origin}/a -> ${server.origin}/b)`);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['file:///etc/passwd', 'Location file:///etc/passwd has unsupported scheme file:'],
    ['ftp://127.0.0.1/feed', 'Location ftp://127.0.0.1/feed has unsupported scheme ftp:'],
    ['data:text/xml,<rss/>', 'Location data:text/xml,<rss/> has unsupported scheme data:'],
  ])('refuses a redirect to %s', async (location, reason) => {
    const server = await startRoutes({ '/a': redirect(302, location) });
    const url = `${server.origin}/a`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions()));

    expect(error.kind).toBe('redirect');
    expect(error.url).toBe(url);
    expect(error.message).toBe(`bad redirect (HTTP 302) from ${url}: ${reason}`);
  });

  it('fails with kind redirect on a redirect status without Location', async () => {
    const server = await startRoutes({ '/a': (_req, res) => res.writeHead(301).end() });
    const url = `${server.origin}/a`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions()));

    expect(error.kind).toBe('redirect');
    expect(error.message).toBe(`bad redirect (HTTP 301) from ${url}: no Location header`);
  });
});
