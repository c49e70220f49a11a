import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HttpServerError } from '../../src/errors/http-server-error.js';
import { startHttpServer, type HttpHandler } from '../../src/http/http-server.js';
import { captureLogger } from './capture-logger.js';

const routes = new Map<string, HttpHandler>([
  ['/ok', async () => ({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'bien reçu\n' })],
  ['/down', async () => ({ status: 503, contentType: 'application/json; charset=utf-8', body: '{"status":"fail"}\n' })],
  [
    '/broken',
    async () => {
      throw new Error('boom');
    },
  ],
]);

async function reply(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    contentLength: response.headers.get('content-length'),
    cacheControl: response.headers.get('cache-control'),
    allow: response.headers.get('allow'),
    body: await response.text(),
  };
}

describe('http server', () => {
  it('answers its routes on GET and HEAD, 404 elsewhere, 405 to other methods, 500 when a handler throws', async () => {
    const logger = captureLogger();
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, routes, logger });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.port).toBeGreaterThan(0);
      const cases = [
        { path: '/ok', init: undefined, expected: { status: 200, contentType: 'text/plain; charset=utf-8', contentLength: '11', cacheControl: 'no-store', allow: null, body: 'bien reçu\n' } },
        { path: '/ok?x=1', init: undefined, expected: { status: 200, contentType: 'text/plain; charset=utf-8', contentLength: '11', cacheControl: 'no-store', allow: null, body: 'bien reçu\n' } },
        { path: '/ok', init: { method: 'HEAD' }, expected: { status: 200, contentType: 'text/plain; charset=utf-8', contentLength: '11', cacheControl: 'no-store', allow: null, body: '' } },
        { path: '/down', init: undefined, expected: { status: 503, contentType: 'application/json; charset=utf-8', contentLength: '18', cacheControl: 'no-store', allow: null, body: '{"status":"fail"}\n' } },
        { path: '/ok', init: { method: 'POST', body: 'x' }, expected: { status: 405, contentType: 'text/plain; charset=utf-8', contentLength: '19', cacheControl: 'no-store', allow: 'GET, HEAD', body: 'method not allowed\n' } },
        { path: '/nope', init: undefined, expected: { status: 404, contentType: 'text/plain; charset=utf-8', contentLength: '35', cacheControl: 'no-store', allow: null, body: 'not found; try /ok, /down, /broken\n' } },
        { path: '/broken', init: undefined, expected: { status: 500, contentType: 'text/plain; charset=utf-8', contentLength: '15', cacheControl: 'no-store', allow: null, body: 'internal error\n' } },
      ];
      for (const { path, init, expected } of cases) {
        expect({ path, ...(await reply(`${server.url}${path}`, init)) }).toEqual({ path, ...expected });
      }
      expect(logger.lines.map((line) => [line.level, line.message])).toEqual([['error', 'http endpoint: handler failed']]);
    } finally {
      await server.close();
    }
  });

  it('stops listening on close, keep-alive connections included', async () => {
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, routes, logger: captureLogger() });
    expect((await fetch(`${server.url}/ok`)).status).toBe(200); // leaves a keep-alive connection
    await server.close();
    await expect(fetch(`${server.url}/ok`)).rejects.toThrow('fetch failed');
  });

  it('fails with HttpServerError when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const error = await startHttpServer({ host: '127.0.0.1', port, routes, logger: captureLogger() }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(HttpServerError);
      expect(error).toMatchObject({ name: 'HttpServerError', message: `cannot listen on 127.0.0.1:${port}: address already in use`, host: '127.0.0.1', port, code: 'EADDRINUSE' });
      expect((error as Error).cause).toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
