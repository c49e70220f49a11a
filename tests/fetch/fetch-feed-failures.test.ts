import { afterEach, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { fetchError, fetchOptions, testConnections } from './helpers/fetch-helpers.js';
import { closedPort, startServer, startTcpServer, type TestServer } from './helpers/test-server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

const NOW = new Date('2025-01-15T12:00:00.000Z');

describe('fetchFeed: HTTP status failures', () => {
  it.each([
    [404, 'Not Found'],
    [410, 'Gone'],
    [500, 'Internal Server Error'],
    [401, 'Unauthorized'],
    [300, 'Multiple Choices'],
  ])('fails with http-status on %i', async (status, reason) => {
    const server = await start((_req, res) => res.writeHead(status, { 'Retry-After': '60' }).end('nope'));
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions()));

    expect(error.kind).toBe('http-status');
    expect(error.status).toBe(status);
    expect(error.url).toBe(url);
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.message).toBe(`HTTP ${String(status)} ${reason} from ${url}`);
    // The short error page came whole: its connection was kept for reuse, and nothing else is open.
    expect(server.sockets).toHaveLength(1);
    testConnections.closeIdle();
    expect(await server.socketsState()).toBe('closed');
  });

  it.each<[number, string | undefined, number | undefined]>([
    [429, '120', 120_000],
    [503, '0', 0],
    [429, 'Wed, 15 Jan 2025 12:05:00 GMT', 300_000],
    [503, 'Wed, 15 Jan 2025 11:00:00 GMT', 0],
    [429, undefined, undefined],
    [503, 'whenever', undefined],
  ])('reads Retry-After on %i: %j -> %j ms', async (status, retryAfter, expected) => {
    const headers = retryAfter === undefined ? {} : { 'Retry-After': retryAfter };
    const server = await start((_req, res) => res.writeHead(status, headers).end());
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions({ now: () => NOW })));

    expect(error.kind).toBe('http-status');
    expect(error.status).toBe(status);
    expect(error.retryAfterMs).toBe(expected);
  });

  it('names the wait in the message', async () => {
    const server = await start((_req, res) => res.writeHead(429, { 'Retry-After': '30' }).end());
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions()));

    expect(error.message).toBe(`HTTP 429 Too Many Requests from ${url} (retry after 30000 ms)`);
  });
});

describe('fetchFeed: connection failures', () => {
  it('fails with connect on a refused connection', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${String(port)}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions()));

    expect(error.kind).toBe('connect');
    expect(error.url).toBe(url);
    expect(error.message).toBe(`cannot fetch ${url}: connect ECONNREFUSED 127.0.0.1:${String(port)} (ECONNREFUSED)`);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('fails with connect when DNS fails', async () => {
    const url = 'http://does-not-exist.test/feed';
    const lookup = (): Promise<never> =>
      Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND does-not-exist.test'), { code: 'ENOTFOUND' }));

    const error = await fetchError(fetchFeed({ url }, fetchOptions({ lookup })));

    expect(error.kind).toBe('connect');
    expect(error.message).toBe(`cannot fetch ${url}: getaddrinfo ENOTFOUND does-not-exist.test (ENOTFOUND)`);
  });

  it('fails with connect when DNS returns no address', async () => {
    const url = 'http://empty.test/feed';

    const error = await fetchError(fetchFeed({ url }, fetchOptions({ lookup: () => Promise.resolve([]) })));

    expect(error.kind).toBe('connect');
    expect(error.message).toBe(`cannot fetch ${url}: empty.test has no address`);
  });

  it('fails with connect when the server resets the connection mid-body', async () => {
    const server = await start((req, res) => {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write('<rss>', () => req.socket.destroy());
    });
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions()));

    expect(error.kind).toBe('connect');
    expect(error.url).toBe(url);
    expect(error.message).toBe(`cannot fetch ${url}: aborted (ECONNRESET)`);
  });

  it('fails with connect when the server closes without answering', async () => {
    const server = await start((req) => req.socket.destroy());
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions()));

    expect(error.kind).toBe('connect');
    expect(error.message).toBe(`cannot fetch ${url}: socket hang up (ECONNRESET)`);
  });

  it('fails with connect on an untrusted TLS certificate, also after an http -> https redirect', async () => {
    const tls = await start((_req, res) => res.end('<rss/>'), { tls: true });
    const plain = await start((_req, res) => res.writeHead(301, { Location: `${tls.origin}/feed` }).end());

    const direct = await fetchError(fetchFeed({ url: `${tls.origin}/feed` }, fetchOptions()));
    const redirected = await fetchError(fetchFeed({ url: `${plain.origin}/` }, fetchOptions()));

    for (const error of [direct, redirected]) {
      expect(error.kind).toBe('connect');
      expect(error.url).toBe(`${tls.origin}/feed`);
      expect(error.message).toBe(`cannot fetch ${tls.origin}/feed: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)`);
    }
    expect(tls.requests).toHaveLength(0);
    expect(await tls.socketsState()).toBe('closed');
  });

  it('fails with connect on a response that is not HTTP', async () => {
    const garbage = await startTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
    servers.push(garbage);
    const url = `http://127.0.0.1:${String(garbage.port)}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions()));

    expect(error.kind).toBe('connect');
    expect((error.cause as NodeJS.ErrnoException).code).toBe('HPE_INVALID_CONSTANT');
    expect(error.message.startsWith(`cannot fetch ${url}: Parse Error: Expected HTTP/`)).toBe(true);
  });

  it.each([
    ['not a url', 'invalid source URL "not a url"'],
    ['ftp://127.0.0.1/feed.xml', 'unsupported source URL scheme ftp: in ftp://127.0.0.1/feed.xml'],
    ['file:///etc/passwd', 'unsupported source URL scheme file: in file:///etc/passwd'],
  ])('rejects the configured URL %j with kind connect', async (url, message) => {
    const error = await fetchError(fetchFeed({ url }, fetchOptions()));

    expect(error.kind).toBe('connect');
    expect(error.url).toBe(url);
    expect(error.message).toBe(message);
  });
});
