/**
 * The synthetic feed server, run as its own process (child_process.fork) so that its CPU time and
 * memory never count against the process being measured. Listens on several loopback ports (more
 * room for short-lived connections), serves /f/<index>.xml from a FeedCatalog, and takes commands
 * on POST /_control. Sends `{ type: 'ready', ports }` over IPC once listening.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FeedCatalog } from './feed-catalog.js';
import { feedUrlOf, type ControlRequest, type ControlResponse, type ServerReady } from './feed-protocol.js';

const PORTS = Number(process.argv[2] ?? '8');
const FEED_PATH = /^\/f\/(\d+)\.xml$/;

let catalog: FeedCatalog | undefined;
let ports: number[] = [];
const emptyStats = () => ({ requests: 0, ok: 0, notModified: 0, gzip: 0, bytesSent: 0, connections: 0 });
const stats = emptyStats();
/** Connections that have carried a feed request (control requests come on connections of their own). */
const feedSockets = new WeakSet<object>();
/** Feed requests per source index since the last stats clear (the replicas part checks each source is read once per tick). */
let perSource: number[] = [];

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function serveFeed(request: IncomingMessage, response: ServerResponse, index: number): void {
  stats.requests += 1;
  perSource[index] = (perSource[index] ?? 0) + 1;
  if (!feedSockets.has(request.socket)) {
    feedSockets.add(request.socket);
    stats.connections += 1;
  }
  if (catalog === undefined) {
    response.writeHead(503).end();
    return;
  }
  const ifNoneMatch = header(request, 'if-none-match');
  const ifModifiedSince = header(request, 'if-modified-since');
  const answer = catalog.respond(index, {
    ...(ifNoneMatch === undefined ? {} : { ifNoneMatch }),
    ...(ifModifiedSince === undefined ? {} : { ifModifiedSince }),
    acceptsGzip: /\bgzip\b/.test(header(request, 'accept-encoding') ?? ''),
  });
  if (answer.status === 304) stats.notModified += 1;
  if (answer.status === 200) stats.ok += 1;
  if (answer.headers['Content-Encoding'] === 'gzip') stats.gzip += 1;
  const body = answer.body;
  stats.bytesSent += body?.length ?? 0;
  response.writeHead(answer.status, { ...answer.headers, ...(body === undefined ? {} : { 'Content-Length': String(body.length) }) });
  response.end(body);
}

function control(command: ControlRequest): ControlResponse {
  const feedUrl = (index: number) => feedUrlOf(ports, index);
  switch (command.op) {
    case 'reset':
      if (catalog === undefined) catalog = new FeedCatalog(command.shape, feedUrl);
      else catalog.reset(command.shape);
      return { ok: true };
    case 'validators':
      catalog?.setValidators(command.profile);
      return { ok: true };
    case 'advance':
      return { ok: true, changed: catalog?.advance(command.change) ?? 0 };
    case 'inject':
      return { ok: true, publishedAt: catalog?.inject(command.item) ?? 0 };
    case 'prewarm':
      return { ok: true, built: catalog?.prewarm() ?? 0 };
    case 'stats': {
      const snapshot = { ...stats, ...(command.perSource === true ? { perSource: Array.from({ length: catalog?.size ?? perSource.length }, (_, index) => perSource[index] ?? 0) } : {}) };
      if (command.clear) {
        Object.assign(stats, emptyStats());
        perSource = [];
      }
      return { ok: true, stats: snapshot };
    }
  }
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const url = request.url ?? '/';
  const feed = FEED_PATH.exec(url);
  if (request.method === 'GET' && feed !== null) {
    serveFeed(request, response, Number(feed[1]));
    return;
  }
  if (request.method === 'POST' && url === '/_control') {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let reply: ControlResponse;
      try {
        reply = control(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ControlRequest);
      } catch (error) {
        reply = { ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) };
      }
      response.writeHead(reply.ok ? 200 : 500, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply));
    });
    return;
  }
  response.writeHead(404).end();
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => resolve((server.address() as AddressInfo).port));
  });
}

const servers = Array.from({ length: PORTS }, () => {
  const server = createServer(handle);
  server.keepAliveTimeout = 30_000;
  return server;
});
ports = await Promise.all(servers.map(listen));
const ready: ServerReady = { type: 'ready', ports };
process.send?.(ready);
process.on('disconnect', () => {
  for (const server of servers) server.closeAllConnections();
  process.exit(0);
});
