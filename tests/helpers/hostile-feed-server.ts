import type { LookupAddress } from 'node:dns';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { constants, createBrotliCompress, createDeflateRaw, gzipSync } from 'node:zlib';
import { isPrivateAddress, type ClassifyAddressFn, type LookupFn } from '../../src/fetch/fetch-feed.js';

/**
 * One loopback server for the hostile open web, every case on its own path (see {@link HOSTILE}).
 *
 * Public and private are simulated: `lookup` resolves {@link PUBLIC_HOST} to 127.0.0.2, which
 * `classifyAddress` calls public; 127.0.0.1 stays private. The server listens on both addresses, on
 * one port, with one handler: a request that reached 127.0.0.1 would show in `requests`.
 *
 * Large bodies are streamed with backpressure from small reused buffers, never built whole: the 50 MiB
 * body is one 64 KiB chunk written 800 times, the gzip bomb one ~16 KiB gzip member (16 MiB of
 * spaces) repeated 128 times after a small head member (2 GiB inflated from ~2 MiB; gunzip reads
 * concatenated members as one body). The deflate bomb repeats one sync-flushed raw deflate block run
 * (16 MiB of spaces, which only refers back to spaces) the same way; the brotli bomb is 1 GiB of
 * spaces in under 1 KiB. The bombs are compressed once per process.
 */

export const PUBLIC_HOST = 'public.test';
export const PUBLIC_ADDRESS = '127.0.0.2';
export const PRIVATE_ADDRESS = '127.0.0.1';

/** The hostile paths (healthy feeds are added with `serveFeed`). */
export const HOSTILE = {
  malformedXml: '/malformed.xml',
  html: '/html-page',
  empty: '/empty',
  huge: '/huge.xml',
  hugeDeclared: '/huge-declared.xml',
  gzipBomb: '/gzip-bomb.xml',
  drip: '/drip.xml',
  stall: '/stall.xml',
  deflateBomb: '/deflate-bomb.xml',
  brotliBomb: '/brotli-bomb.xml',
  itemFlood: '/item-flood.xml',
  cdataBomb: '/cdata-bomb.xml',
  redirectLoop: '/loop-a',
  redirectPrivate: '/redirect-private',
  billionLaughs: '/billion-laughs.xml',
  xxe: '/xxe.xml',
  notFound: '/status/404',
  gone: '/status/410',
  tooMany: '/status/429',
  serverError: '/status/500',
} as const;

export type HostileName = keyof typeof HOSTILE;

/** Sizes and delays of the hostile cases (exported so tests can state them). */
export const HUGE_BODY_BYTES = 50 * 1024 * 1024;
export const GZIP_BOMB_MEMBER_BYTES = 16 * 1024 * 1024;
export const GZIP_BOMB_MEMBERS = 128;
export const BROTLI_BOMB_BYTES = 1024 * 1024 * 1024;
/** Just under the 10 MiB cap the tests use. */
export const ITEM_FLOOD_BYTES = 10 * 1024 * 1024 - 64 * 1024;
/** Unterminated `<![CDATA[` openers after a bare `&` (each repair pass scans the document). */
export const CDATA_BOMB_OPENERS = 200_000;
/** Seconds the 429 asks for. */
export const RETRY_AFTER_SECONDS = 3_600;

export interface HostileRequest {
  readonly path: string;
  /** The server address the request arrived on (127.0.0.1 or 127.0.0.2). */
  readonly localAddress: string;
  readonly headers: IncomingMessage['headers'];
}

export interface FeedRouteOptions {
  /** Default `application/rss+xml; charset=utf-8`. */
  readonly contentType?: string;
  readonly stallAfterBytes?: number;
}

export interface HostileFeedServer {
  readonly port: number;
  /** `http://public.test:<port><path>`: a "public" source. */
  url(path: string): string;
  /** `http://127.0.0.1:<port><path>`: a source on a private address (trusted, e.g. for the real CLI). */
  loopbackUrl(path: string): string;
  /**
   * A feed route: `body` (text is sent as UTF-8), 200. With `stallAfterBytes`, the headers and that
   * many bytes are sent, then nothing more (the request stays open until the client gives up).
   */
  serveFeed(path: string, body: string | Buffer, options?: FeedRouteOptions): void;
  /** Resolves PUBLIC_HOST to 127.0.0.2 and nothing else (ENOTFOUND). */
  readonly lookup: LookupFn;
  /** 127.0.0.2 is public; every other address keeps its real class (127.0.0.1: private). */
  readonly classifyAddress: ClassifyAddressFn;
  readonly requests: readonly HostileRequest[];
  /** Bytes of each bomb as sent (compressed) and once inflated. */
  readonly bombs: Readonly<Record<'gzip' | 'deflate' | 'brotli', { readonly compressedBytes: number; readonly inflatedBytes: number }>>;
  /** Items of the item flood (distinct guids). */
  readonly floodItems: number;
  /** Connections accepted and not closed yet (0 once every client hung up). */
  openConnections(): number;
  close(): Promise<void>;
}

const RSS_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example/</link><description>x</description>\n';

const MALFORMED = `${RSS_HEAD}<item><title>Huawei mal fermé</item><link>https://hostile.example/m</link></title></channel></rss>\n`;

const HTML_PAGE = '<!DOCTYPE html>\n<html lang="fr"><head><title>Huawei — Accueil</title></head><body><p>Abonnez-vous !</p></body></html>\n';

/** Each level is ten of the previous one: &lol9; would be 10^9 "lol". */
const BILLION_LAUGHS_DTD = [
  '<!DOCTYPE rss [',
  '  <!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
  ']>',
].join('\n');

const XXE_DTD = '<!DOCTYPE rss [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n  <!ENTITY % remote SYSTEM "file:///etc/passwd">\n]>';

/** A document with a DTD, its items first (new ones are prepended). */
function dtdFeed(dtd: string, title: string, items: readonly { title: string; link: string }[]): string {
  const entries = items.map((item) => `<item><title>${item.title}</title><link>${item.link}</link><guid>${item.link}</guid></item>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${dtd}\n<rss version="2.0"><channel><title>${title}</title><link>https://hostile.example/</link><description>x</description>\n${entries}\n</channel></rss>\n`;
}

/** The billion-laughs document; `extra` items come first (each title may reference the entities). */
export function billionLaughsFeed(extra: readonly { title: string; link: string }[] = []): string {
  return dtdFeed(BILLION_LAUGHS_DTD, 'Billion laughs', [...extra, { title: 'Rire &lol9;', link: 'https://hostile.example/lol' }]);
}

/** The external-entity document; `extra` items come first. */
export function xxeFeed(extra: readonly { title: string; link: string }[] = []): string {
  return dtdFeed(XXE_DTD, 'External entity', [...extra, { title: 'Fuite &xxe;', link: 'https://hostile.example/xxe' }]);
}

interface Bodies {
  /** Gzip members: a small head (an RSS prolog, so the body looks like a feed) and 16 MiB of spaces. */
  readonly gzip: { readonly head: Buffer; readonly member: Buffer };
  /** Raw deflate: the prolog and the first 16 MiB of spaces, then a block run to repeat. */
  readonly deflate: { readonly head: Buffer; readonly repeat: Buffer };
  readonly brotli: Buffer;
  readonly flood: { readonly body: Buffer; readonly items: number };
  readonly cdataBomb: Buffer;
}

const SPACES = (): Buffer => Buffer.alloc(GZIP_BOMB_MEMBER_BYTES, 0x20);
export const DEFLATE_BOMB_REPEATS = 127;

/** Raw deflate of the prolog then spaces, sync-flushed so that the last block run can be repeated. */
async function deflateBomb(): Promise<Bodies['deflate']> {
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const flushed = async (data: string | Buffer): Promise<Buffer> => {
    deflate.write(data);
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    return Buffer.concat(chunks.splice(0));
  };
  const prolog = await flushed(RSS_HEAD);
  const first = await flushed(SPACES());
  // The window now holds only spaces: this run decodes the same wherever it is repeated.
  const repeat = await flushed(SPACES());
  deflate.destroy();
  return { head: Buffer.concat([prolog, first]), repeat };
}

async function brotliBomb(): Promise<Buffer> {
  const brotli = createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_LGWIN]: 24 } });
  const chunks: Buffer[] = [];
  brotli.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(brotli, 'end');
  const spaces = SPACES();
  brotli.write(RSS_HEAD);
  for (let written = 0; written < BROTLI_BOMB_BYTES; written += spaces.length) {
    if (!brotli.write(spaces)) await once(brotli, 'drain');
  }
  brotli.end();
  await ended;
  return Buffer.concat(chunks);
}

/** A valid feed of tiny items with distinct guids, just under ITEM_FLOOD_BYTES. */
function itemFlood(): Bodies['flood'] {
  const head = `${RSS_HEAD}`;
  const tail = '</channel></rss>\n';
  const items: string[] = [];
  let size = head.length + tail.length;
  for (;;) {
    const item = `<item><guid>flood-${items.length}</guid></item>\n`;
    if (size + item.length > ITEM_FLOOD_BYTES) break;
    items.push(item);
    size += item.length;
  }
  return { body: Buffer.from(head + items.join('') + tail), items: items.length };
}

let bodies: Promise<Bodies> | undefined;
function hostileBodies(): Promise<Bodies> {
  bodies ??= (async () => ({
    gzip: {
      head: gzipSync(RSS_HEAD, { level: constants.Z_BEST_COMPRESSION }),
      member: gzipSync(SPACES(), { level: constants.Z_BEST_COMPRESSION }),
    },
    deflate: await deflateBomb(),
    brotli: await brotliBomb(),
    flood: itemFlood(),
    cdataBomb: Buffer.from(`${RSS_HEAD.replace('<title>Hostile</title>', '<title>AT&T</title>')}${'<![CDATA['.repeat(CDATA_BOMB_OPENERS)}</channel></rss>\n`),
  }))();
  return bodies;
}

/**
 * Writes `first`, then `chunk` again and again up to `total` bytes in all (the last one cut short),
 * waiting for drain; stops as soon as the client goes away.
 */
async function stream(response: ServerResponse, first: Buffer, chunk: Buffer, total: number): Promise<void> {
  let gone = false;
  response.once('close', () => (gone = true));
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = (): void => {
        response.off('drain', done);
        response.off('close', done);
        resolve();
      };
      response.on('drain', done);
      response.on('close', done);
    });
  let left = total;
  for (let data = first; left > 0 && !gone; data = chunk) {
    const piece = data.length > left ? data.subarray(0, left) : data;
    left -= piece.length;
    if (!response.write(piece) && !gone) await drained();
  }
  if (!gone) response.end();
}

export async function startHostileFeedServer(): Promise<HostileFeedServer> {
  const feeds = new Map<string, { body: Buffer; contentType: string; stallAfterBytes?: number }>();
  const requests: HostileRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const { gzip, deflate, brotli, flood, cdataBomb } = await hostileBodies();
  let port = 0;

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    requests.push({ path, localAddress: request.socket.localAddress ?? '', headers: request.headers });
    // The client hangs up mid-body in many cases: a late write error is expected.
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    const feed = feeds.get(path);
    if (feed !== undefined) {
      response.writeHead(200, { 'content-type': feed.contentType, 'content-length': String(feed.body.length) });
      if (feed.stallAfterBytes === undefined) response.end(feed.body);
      else response.write(feed.body.subarray(0, feed.stallAfterBytes));
      return;
    }
    const xml = { 'content-type': 'application/rss+xml; charset=utf-8' };
    switch (path) {
      case HOSTILE.malformedXml:
        response.writeHead(200, xml).end(MALFORMED);
        return;
      case HOSTILE.html:
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_PAGE);
        return;
      case HOSTILE.empty:
        response.writeHead(200, { ...xml, 'content-length': '0' }).end();
        return;
      case HOSTILE.huge:
      case HOSTILE.hugeDeclared: {
        const chunk = Buffer.alloc(64 * 1024, '<item><title>huge</title></item>\n');
        const declared = path === HOSTILE.hugeDeclared ? { 'content-length': String(HUGE_BODY_BYTES) } : {};
        response.writeHead(200, { ...xml, ...declared });
        void stream(response, Buffer.from(RSS_HEAD), chunk, HUGE_BODY_BYTES);
        return;
      }
      case HOSTILE.gzipBomb: {
        const length = gzip.head.length + gzip.member.length * GZIP_BOMB_MEMBERS;
        response.writeHead(200, { ...xml, 'content-encoding': 'gzip', 'content-length': String(length) });
        void stream(response, gzip.head, gzip.member, length);
        return;
      }
      case HOSTILE.deflateBomb: {
        const length = deflate.head.length + deflate.repeat.length * DEFLATE_BOMB_REPEATS;
        response.writeHead(200, { ...xml, 'content-encoding': 'deflate', 'content-length': String(length) });
        void stream(response, deflate.head, deflate.repeat, length);
        return;
      }
      case HOSTILE.brotliBomb:
        response.writeHead(200, { ...xml, 'content-encoding': 'br', 'content-length': String(brotli.length) }).end(brotli);
        return;
      case HOSTILE.itemFlood:
        response.writeHead(200, { ...xml, 'content-length': String(flood.body.length) }).end(flood.body);
        return;
      case HOSTILE.cdataBomb:
        response.writeHead(200, { ...xml, 'content-length': String(cdataBomb.length) }).end(cdataBomb);
        return;
      case HOSTILE.drip: {
        // A valid feed, one byte per second.
        const body = Buffer.from(`${RSS_HEAD}<item><title>Huawei au goutte-à-goutte</title></item></channel></rss>\n`);
        response.writeHead(200, xml);
        let at = 0;
        const timer = setInterval(() => {
          if (at < body.length) response.write(body.subarray(at, (at += 1)));
          else response.end();
        }, 1_000);
        timers.add(timer);
        response.once('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      case HOSTILE.stall:
        return; // headers never come
      case HOSTILE.redirectLoop:
        response.writeHead(302, { location: '/loop-b' }).end();
        return;
      case '/loop-b':
        response.writeHead(301, { location: `http://${PUBLIC_HOST}:${String(port)}${HOSTILE.redirectLoop}` }).end();
        return;
      case HOSTILE.redirectPrivate:
        response.writeHead(302, { location: `http://${PRIVATE_ADDRESS}:${String(port)}/private/admin.xml` }).end();
        return;
      case HOSTILE.billionLaughs:
        response.writeHead(200, xml).end(billionLaughsFeed());
        return;
      case HOSTILE.xxe:
        response.writeHead(200, xml).end(xxeFeed());
        return;
      case HOSTILE.notFound:
        response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
        return;
      case HOSTILE.gone:
        response.writeHead(410, { 'content-type': 'text/html' }).end('<h1>Gone</h1>');
        return;
      case HOSTILE.tooMany:
        response.writeHead(429, { 'content-type': 'text/plain', 'retry-after': String(RETRY_AFTER_SECONDS) }).end('slow down');
        return;
      case HOSTILE.serverError:
        response.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
        return;
      default:
        // Includes /private/admin.xml: served to anyone who reaches it (the guard must stop them).
        response.writeHead(path.startsWith('/private/') ? 200 : 404, xml).end(path.startsWith('/private/') ? `${RSS_HEAD}<item><title>Huawei secret interne</title></item></channel></rss>` : '');
    }
  };

  const listen = async (server: Server, host: string, wanted: number): Promise<number> => {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(wanted, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return (server.address() as AddressInfo).port;
  };
  const closeServer = async (server: Server): Promise<void> => {
    if (!server.listening) return;
    const closed = once(server, 'close');
    server.close();
    server.closeAllConnections();
    await closed;
  };

  // One port on both addresses; another process may hold that port on 127.0.0.1: try again.
  let servers: Server[] = [];
  for (let attempt = 1; ; attempt += 1) {
    const publicServer = createServer(handle);
    const privateServer = createServer(handle);
    port = await listen(publicServer, PUBLIC_ADDRESS, 0);
    try {
      await listen(privateServer, PRIVATE_ADDRESS, port);
      servers = [publicServer, privateServer];
      break;
    } catch (error) {
      await closeServer(publicServer);
      if (attempt >= 10) throw error;
    }
  }

  const lookup: LookupFn = (hostname) =>
    hostname === PUBLIC_HOST
      ? Promise.resolve([{ address: PUBLIC_ADDRESS, family: 4 }] satisfies LookupAddress[])
      : Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));

  return {
    port,
    url: (path) => `http://${PUBLIC_HOST}:${String(port)}${path}`,
    loopbackUrl: (path) => `http://${PRIVATE_ADDRESS}:${String(port)}${path}`,
    serveFeed: (path, body, options = {}) =>
      void feeds.set(path, {
        body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
        contentType: options.contentType ?? 'application/rss+xml; charset=utf-8',
        ...(options.stallAfterBytes === undefined ? {} : { stallAfterBytes: options.stallAfterBytes }),
      }),
    lookup,
    classifyAddress: (ip) => (ip === PUBLIC_ADDRESS || !isPrivateAddress(ip) ? 'public' : 'private'),
    requests,
    bombs: {
      gzip: {
        compressedBytes: gzip.head.length + gzip.member.length * GZIP_BOMB_MEMBERS,
        inflatedBytes: RSS_HEAD.length + GZIP_BOMB_MEMBER_BYTES * GZIP_BOMB_MEMBERS,
      },
      deflate: {
        compressedBytes: deflate.head.length + deflate.repeat.length * DEFLATE_BOMB_REPEATS,
        inflatedBytes: RSS_HEAD.length + GZIP_BOMB_MEMBER_BYTES * (1 + DEFLATE_BOMB_REPEATS),
      },
      brotli: { compressedBytes: brotli.length, inflatedBytes: RSS_HEAD.length + BROTLI_BOMB_BYTES },
    },
    floodItems: flood.items,
    openConnections: () => sockets.size,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map(closeServer));
    },
  };
}
