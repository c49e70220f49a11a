import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpServerError } from '../errors/http-server-error.js';
import type { Logger } from '../log/logger.js';

export interface HttpReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** More response headers (security headers, set-cookie, location...). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a handler may look at in a request. */
export interface HttpRequest {
  readonly method: string;
  /** The request target, on a placeholder origin (read `pathname` and `searchParams`). */
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  /** The peer's address, as the socket reports it ('' when unknown). */
  readonly remoteAddress: string;
  /** The body as text (POST routes only), at most `MAX_BODY_BYTES`. @throws when longer */
  readonly body: () => Promise<string>;
}

/** Answers GET (and HEAD) on one path, or POST on a POST route. */
export type HttpHandler = (request: HttpRequest) => Promise<HttpReply>;

/** The largest request body read (a login form is a few hundred bytes). */
export const MAX_BODY_BYTES = 16 * 1024;

export interface HttpEndpoint {
  readonly host: string;
  /** The bound port (the one chosen by the system when 0 was asked). */
  readonly port: number;
  readonly url: string;
  /** Stops accepting connections, closes idle keep-alive ones, waits for requests in flight. */
  close(): Promise<void>;
}

const REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'address already in use',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'no such local address',
  ENOTFOUND: 'unknown host',
};

/** A minimal `node:http` server for fixed GET routes; unknown paths get 404, other methods 405. */
export async function startHttpServer(options: {
  readonly host: string;
  readonly port: number;
  readonly routes: ReadonlyMap<string, HttpHandler>;
  /** Paths that take POST (a form), answered by their own handler. */
  readonly postRoutes?: ReadonlyMap<string, HttpHandler>;
  readonly logger: Logger;
}): Promise<HttpEndpoint> {
  const { host, port, routes, logger } = options;
  const postRoutes = options.postRoutes ?? new Map<string, HttpHandler>();
  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      logger.error({ err: error }, 'http endpoint: could not answer');
      response.destroy();
    });
  });

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://veille');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    const get = routes.get(path);
    const post = postRoutes.get(path);
    const handler = method === 'POST' ? post : method === 'GET' || method === 'HEAD' ? get : undefined;
    let reply: HttpReply;
    if (get === undefined && post === undefined) {
      reply = { status: 404, contentType: 'text/plain; charset=utf-8', body: `not found; try ${[...routes.keys()].join(', ')}\n` };
    } else if (handler === undefined) {
      response.setHeader('allow', [...(get === undefined ? [] : ['GET', 'HEAD']), ...(post === undefined ? [] : ['POST'])].join(', '));
      reply = { status: 405, contentType: 'text/plain; charset=utf-8', body: 'method not allowed\n' };
    } else {
      try {
        reply = await handler({ method, url, headers: request.headers, remoteAddress: request.socket.remoteAddress ?? '', body: () => readBody(request) });
      } catch (error) {
        logger.error({ err: error, path }, 'http endpoint: handler failed');
        reply = { status: 500, contentType: 'text/plain; charset=utf-8', body: 'internal error\n' };
      }
    }
    response.writeHead(reply.status, {
      ...reply.headers,
      'content-type': reply.contentType,
      'content-length': Buffer.byteLength(reply.body),
      'cache-control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : reply.body);
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason = (error.code === undefined ? undefined : REASONS[error.code]) ?? error.message;
      reject(new HttpServerError(`cannot listen on ${hostPort(host, port)}: ${reason}`, { host, port, ...(error.code === undefined ? {} : { code: error.code }) }, { cause: error }));
    };
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (error) => logger.error({ err: error }, 'http endpoint error'));
  const bound = (server.address() as AddressInfo).port;
  return {
    host,
    port: bound,
    url: `http://${hostPort(host, bound)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
