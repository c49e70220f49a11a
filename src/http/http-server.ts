import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpServerError } from '../errors/http-server-error.js';
import type { Logger } from '../log/logger.js';

export interface HttpReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Answers GET (and HEAD) on one path. */
export type HttpHandler = () => Promise<HttpReply>;

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
  readonly logger: Logger;
}): Promise<HttpEndpoint> {
  const { host, port, routes, logger } = options;
  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      logger.error({ err: error }, 'http endpoint: could not answer');
      response.destroy();
    });
  });

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://veille').pathname;
    const handler = routes.get(path);
    let reply: HttpReply;
    if (handler === undefined) {
      reply = { status: 404, contentType: 'text/plain; charset=utf-8', body: `not found; try ${[...routes.keys()].join(', ')}\n` };
    } else if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      reply = { status: 405, contentType: 'text/plain; charset=utf-8', body: 'method not allowed\n' };
    } else {
      try {
        reply = await handler();
      } catch (error) {
        logger.error({ err: error, path }, 'http endpoint: handler failed');
        reply = { status: 500, contentType: 'text/plain; charset=utf-8', body: 'internal error\n' };
      }
    }
    response.writeHead(reply.status, {
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

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
