import { afterEach, describe, expect, it } from 'vitest';
import { createConnectionPool } from '../../src/fetch/connection-pool.js';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { FEED_ACCEPT } from '../../src/fetch/request-headers.js';
import { fetchOptions, sha256, testConnections, USER_AGENT } from './helpers/fetch-helpers.js';
import { startServer, type TestServer } from './helpers/test-server.js';

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>';
const ETAG = '"v42"';
const LAST_MODIFIED = 'Wed, 15 Jan 2025 12:00:00 GMT';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * Answers the first request of each connection with a 304 after `delayMs`, and drops the
 * connection on the next one: like a server that closed it just as the next request went out.
 */
function startDroppingServer(delayMs: number): Promise<TestServer> {
  const answered = new WeakSet<object>();
  return startServer((req, res) => {
    if (answered.has(req.socket)) {
      req.socket.destroy();
      return;
    }
    answered.add(req.socket);
    setTimeout(() => res.writeHead(304, { ETag: ETAG }).end(), delayMs);
  });
}

/** Answers 304 when the client's validators match the current ones, else 200 with the feed. */
function startConditionalServer(current: { etag?: string; lastModified?: string }): Promise<TestServer> {
  return startServer((req, res) => {
    const etagMatches = current.etag !== undefined && req.headers['if-none-match'] === current.etag;
    const dateMatches =
      req.headers['if-none-match'] === undefined &&
      current.lastModified !== undefined &&
      req.headers['if-modified-since'] === current.lastModified;
    const validators = {
      ...(current.etag === undefined ? {} : { ETag: current.etag }),
      ...(current.lastModified === undefined ? {} : { 'Last-Modified': current.lastModified }),
    };
    if (etagMatches || dateMatches) {
      res.writeHead(304, validators).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', ...validators }).end(FEED);
  });
}

describe('fetchFeed: request headers and conditional GET', () => {
  it('sends User-Agent, Accept and Accept-Encoding, and returns body, content type, validators', async () => {
    server = await startConditionalServer({ etag: ETAG, lastModified: LAST_MODIFIED });
    const url = `${server.origin}/feed.xml?x=1`;

    const result = await fetchFeed({ url }, fetchOptions());

    expect(result).toEqual({
      kind: 'ok',
      finalUrl: url,
      status: 200,
      body: Buffer.from(FEED),
      bodyHash: sha256(FEED),
      contentType: 'application/rss+xml; charset=utf-8',
      etag: ETAG,
      lastModified: LAST_MODIFIED,
    });
    expect(server.requests).toHaveLength(1);
    const [received] = server.requests;
    expect(received?.url).toBe('/feed.xml?x=1');
    expect(received?.headers['user-agent']).toBe(USER_AGENT);
    expect(received?.headers.accept).toBe(FEED_ACCEPT);
    expect(received?.headers.accept).toBe(
      'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8',
    );
    expect(received?.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(received?.headers.host).toBe(`127.0.0.1:${String(server.port)}`);
    expect(received?.headers['if-none-match']).toBeUndefined();
    expect(received?.headers['if-modified-since']).toBeUndefined();
  });

  it('sends If-None-Match and If-Modified-Since and maps 304 to not-modified with the server validators', async () => {
    server = await startConditionalServer({ etag: ETAG, lastModified: LAST_MODIFIED });
    const url = `${server.origin}/feed.xml`;

    const result = await fetchFeed({ url, etag: ETAG, lastModified: LAST_MODIFIED }, fetchOptions());

    expect(result).toEqual({ kind: 'not-modified', finalUrl: url, etag: ETAG, lastModified: LAST_MODIFIED });
    expect(server.requests[0]?.headers['if-none-match']).toBe(ETAG);
    expect(server.requests[0]?.headers['if-modified-since']).toBe(LAST_MODIFIED);
  });

  it('returns the new body and validators when the stored ETag no longer matches', async () => {
    server = await startConditionalServer({ etag: '"v43"' });
    const url = `${server.origin}/feed.xml`;

    const result = await fetchFeed({ url, etag: ETAG }, fetchOptions());

    expect(result).toEqual({
      kind: 'ok',
      finalUrl: url,
      status: 200,
      body: Buffer.from(FEED),
      bodyHash: sha256(FEED),
      contentType: 'application/rss+xml; charset=utf-8',
      etag: '"v43"',
    });
    expect(server.requests[0]?.headers['if-none-match']).toBe(ETAG);
  });

  it('keeps the request validators on a 304 that repeats none', async () => {
    server = await startServer((_req, res) => res.writeHead(304).end());
    const url = `${server.origin}/feed.xml`;

    const result = await fetchFeed({ url, etag: ETAG, lastModified: LAST_MODIFIED }, fetchOptions());

    expect(result).toEqual({ kind: 'not-modified', finalUrl: url, etag: ETAG, lastModified: LAST_MODIFIED });
  });

  it('uses If-Modified-Since alone when only Last-Modified is stored', async () => {
    server = await startConditionalServer({ lastModified: LAST_MODIFIED });
    const url = `${server.origin}/feed.xml`;

    const result = await fetchFeed({ url, lastModified: LAST_MODIFIED }, fetchOptions());

    expect(result).toEqual({ kind: 'not-modified', finalUrl: url, lastModified: LAST_MODIFIED });
    expect(server.requests[0]?.headers['if-none-match']).toBeUndefined();
    expect(server.requests[0]?.headers['if-modified-since']).toBe(LAST_MODIFIED);
  });

  it('returns other 2xx statuses and an empty body as ok', async () => {
    server = await startServer((_req, res) => res.writeHead(203).end());

    const result = await fetchFeed({ url: `${server.origin}/` }, fetchOptions());

    expect(result).toEqual({ kind: 'ok', finalUrl: `${server.origin}/`, status: 203, body: Buffer.alloc(0), bodyHash: sha256('') });
  });

});

describe('fetchFeed: keep-alive connections', () => {
  it('reuses one connection for a 200 and two sequential 304s, and closes it once idle connections are closed', async () => {
    server = await startConditionalServer({ etag: ETAG });
    const url = `${server.origin}/feed.xml`;

    const first = await fetchFeed({ url }, fetchOptions());
    const second = await fetchFeed({ url, etag: ETAG }, fetchOptions());
    const third = await fetchFeed({ url, etag: ETAG }, fetchOptions());

    expect([first.kind, second.kind, third.kind]).toEqual(['ok', 'not-modified', 'not-modified']);
    expect(server.sockets).toHaveLength(1);
    expect(server.requests.map((r) => r.headers.connection)).toEqual(['keep-alive', 'keep-alive', 'keep-alive']);
    expect(await server.socketsState(200)).toBe('open');
    testConnections.closeIdle();
    expect(await server.socketsState()).toBe('closed');
  });

  it('closes an idle connection by itself after the idle timeout', async () => {
    server = await startConditionalServer({ etag: ETAG });
    const connections = createConnectionPool(100);

    await fetchFeed({ url: `${server.origin}/feed.xml`, etag: ETAG }, fetchOptions({ connections }));

    expect(server.sockets).toHaveLength(1);
    expect(await server.socketsState(3_000)).toBe('closed');
  });

  it('never cuts a slow response at the idle timeout: it only applies to connections not in use', async () => {
    server = await startServer((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).write('<rss>');
        setTimeout(() => res.end('</rss>'), 300);
      }, 300);
    });
    const connections = createConnectionPool(50);

    const result = await fetchFeed({ url: `${server.origin}/feed.xml` }, fetchOptions({ connections }));

    expect(result.kind === 'ok' ? result.body.toString() : result.kind).toBe('<rss></rss>');
  });

  it('sends the request again, once, on a new connection when the server dropped the idle one', async () => {
    server = await startDroppingServer(0);
    const url = `${server.origin}/feed.xml`;

    const first = await fetchFeed({ url, etag: ETAG }, fetchOptions());
    const second = await fetchFeed({ url, etag: ETAG }, fetchOptions());

    expect([first.kind, second.kind]).toEqual(['not-modified', 'not-modified']);
    expect(server.sockets).toHaveLength(2);
    expect(server.requests).toHaveLength(3);
  });

  it('the retry opens a new connection even when the pool holds other idle connections the server dropped too', async () => {
    // Slow enough that two concurrent fetches open two connections, both pooled afterwards.
    server = await startDroppingServer(50);
    const url = `${server.origin}/feed.xml`;
    const connections = createConnectionPool();
    try {
      await Promise.all([fetchFeed({ url, etag: ETAG }, fetchOptions({ connections })), fetchFeed({ url, etag: ETAG }, fetchOptions({ connections }))]);
      expect(server.sockets).toHaveLength(2);

      const result = await fetchFeed({ url, etag: ETAG }, fetchOptions({ connections }));

      expect(result.kind).toBe('not-modified');
      expect(server.sockets).toHaveLength(3);
    } finally {
      connections.close();
    }
  });
});
