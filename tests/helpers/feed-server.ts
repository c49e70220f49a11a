import { afterEach, beforeEach } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedRoute {
  body: string | Buffer;
  contentType?: string;
  /** Send an ETag (hash of the body) and answer 304 to a matching If-None-Match. */
  etag?: boolean;
  status?: number;
  headers?: Record<string, string>;
  /** Called when a request arrives; the answer waits for the promise it returns (a slow site). */
  hold?: () => Promise<void>;
}

/** A loopback feed server whose routes tests change between cycles; it counts requests per path. */
export interface FeedServer {
  readonly origin: string;
  url(path: string): string;
  set(path: string, route: FeedRoute): void;
  /** Requests seen per path, with the status answered and when (ms since the epoch) it came and was answered. */
  readonly requests: { path: string; status: number; headers: IncomingMessage['headers']; receivedAt: number; answeredAt: number }[];
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, FeedRoute>();
  const requests: FeedServer['requests'] = [];
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const receivedAt = Date.now();
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const route = routes.get(path);
    const answer = (status: number, headers: Record<string, string>, body?: string | Buffer) => {
      requests.push({ path, status, headers: request.headers, receivedAt, answeredAt: Date.now() });
      response.writeHead(status, headers);
      response.end(body);
    };
    const respond = (current: FeedRoute) => {
      const headers: Record<string, string> = { 'content-type': current.contentType ?? 'application/rss+xml; charset=utf-8', ...current.headers };
      if (current.etag === true) {
        const etag = `"${createHash('sha1').update(current.body).digest('hex')}"`;
        headers['etag'] = etag;
        if (request.headers['if-none-match'] === etag) return answer(304, { etag });
      }
      return answer(current.status ?? 200, headers, current.body);
    };
    if (route === undefined) return answer(404, { 'content-type': 'text/plain' }, 'not found');
    if (route.hold !== undefined) {
      void route.hold().then(() => respond(route));
      return;
    }
    respond(route);
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    set: (path, route) => routes.set(path, route),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A fresh feed server for each test (started before, closed after). The returned object always
 * speaks for the current test's server.
 */
export function useFeedServer(): FeedServer {
  let current: FeedServer | undefined;
  beforeEach(async () => {
    current = await startFeedServer();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const server = (): FeedServer => {
    if (current === undefined) throw new Error('useFeedServer: used outside a test');
    return current;
  };
  return {
    get origin() {
      return server().origin;
    },
    get requests() {
      return server().requests;
    },
    url: (path) => server().url(path),
    set: (path, route) => server().set(path, route),
    close: () => server().close(),
  };
}
