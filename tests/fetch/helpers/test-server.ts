import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

export interface RecordedRequest {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The header lines as received: name, value, name, value… */
  readonly rawHeaders: readonly string[];
}

export interface TestServer {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  readonly origin: string;
  readonly host: string;
  readonly port: number;
  readonly requests: readonly RecordedRequest[];
  /** Sockets the server accepted so far. */
  readonly sockets: readonly Socket[];
  /** 'closed' once every accepted socket is closed, 'open' if some is still open after `graceMs`. */
  socketsState(graceMs?: number): Promise<'closed' | 'open'>;
  close(): Promise<void>;
}

/** An HTTP (or HTTPS with the self-signed fixture) server on a loopback address and a random port. */
export async function startServer(
  handler: RequestListener,
  options: { readonly host?: string; readonly tls?: boolean } = {},
): Promise<TestServer> {
  const host = options.host ?? '127.0.0.1';
  const requests: RecordedRequest[] = [];
  const recording: RequestListener = (req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders });
    // The client hangs up mid-body in many tests: a late write error is expected, not a failure.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    handler(req, res);
  };
  const server: Server =
    options.tls === true
      ? createHttpsServer(
          {
            key: readFileSync(new URL('../fixtures/self-signed-key.pem', import.meta.url)),
            cert: readFileSync(new URL('../fixtures/self-signed-cert.pem', import.meta.url)),
          },
          recording,
        )
      : createServer(recording);
  const sockets: Socket[] = [];
  server.on('connection', (socket: Socket) => sockets.push(socket));
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${options.tls === true ? 'https' : 'http'}://${host}:${String(port)}`,
    host,
    port,
    requests,
    sockets,
    socketsState: (graceMs) => socketsState(sockets, graceMs),
    close: async () => {
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A TCP server that accepts connections and never says anything (stalls a TLS handshake). */
export function startSilentTcpServer(host = '127.0.0.1'): Promise<TestServer> {
  return startTcpServer(() => undefined, host);
}

/** A raw TCP server: `onSocket` decides what (if anything) is sent back. `origin` is https://. */
export async function startTcpServer(onSocket: (socket: Socket) => void, host = '127.0.0.1'): Promise<TestServer> {
  const sockets: Socket[] = [];
  const server = createTcpServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    // Discard what the client sends; without reading, the client's FIN would never surface as 'close'.
    socket.resume();
    onSocket(socket);
  });
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://${host}:${String(port)}`,
    host,
    port,
    requests: [],
    sockets,
    socketsState: (graceMs) => socketsState(sockets, graceMs),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A port on which nothing listens (a server was bound there, then closed). */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  const server = createTcpServer();
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

async function socketsState(sockets: readonly Socket[], graceMs = 5_000): Promise<'closed' | 'open'> {
  let timer: NodeJS.Timeout | undefined;
  const allClosed = Promise.all(
    // Not events.once: it rejects on 'error', and a reset socket errors before it closes.
    sockets.map((socket) => new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())))),
  ).then(() => 'closed' as const);
  const grace = new Promise<'open'>((resolve) => {
    timer = setTimeout(() => resolve('open'), graceMs);
  });
  try {
    return await Promise.race([allClosed, grace]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How many TCP sockets (client or server side) this process still holds, waiting up to `graceMs`
 * for closing handles to go: 0 means nothing leaked that would keep the process alive.
 */
export async function openTcpSockets(graceMs = 5_000): Promise<number> {
  const count = (): number => process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
  for (let waited = 0; count() > 0 && waited < graceMs; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return count();
}

/** A server answering every request with a 200 of `body`, written in 100-byte pieces (chunk boundaries, several chunks to hash). */
export function serveInPieces(body: Buffer, headers: Record<string, string>): Promise<TestServer> {
  return startServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/rss+xml', ...headers });
    for (let offset = 0; offset < body.length; offset += 100) res.write(body.subarray(offset, offset + 100));
    res.end();
  });
}
