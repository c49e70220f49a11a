import { isIP } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FeedFetchError } from '../../src/errors/feed-fetch-error.js';
import { AbortScope } from '../../src/fetch/abort-scope.js';
import { checkAddresses, defaultClassifyAddress } from '../../src/fetch/address-policy.js';
import { unwatchAbort, watchAbort } from '../../src/fetch/caller-abort.js';
import { ConnectTimer } from '../../src/fetch/connect-timer.js';
import { isPrivateAddress } from '../../src/fetch/is-private-address.js';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { FEED_ACCEPT, FEED_ACCEPT_ENCODING } from '../../src/fetch/request-headers.js';
import { literalAddresses } from '../../src/fetch/resolve-host.js';
import { fetchOptions, USER_AGENT } from './helpers/fetch-helpers.js';
import { startServer, type TestServer } from './helpers/test-server.js';

describe('literalAddresses', () => {
  it.each(['127.0.0.1', '8.8.8.8', '::1', '2001:db8::1', '::ffff:127.0.0.1', 'fe80::1%eth0'])(
    'resolves the IP literal %s to itself, as the lookup it replaces did',
    (literal) => {
      const addresses = literalAddresses(literal);
      expect(addresses).toEqual([{ address: literal, family: isIP(literal) }]);
    },
  );

  it.each(['example.fr', 'localhost', '[::1]', '127.1', '0x7f.0.0.1', '', '1.2.3.4.5'])('leaves %s to the lookup', (name) => {
    expect(isIP(name)).toBe(0);
    expect(literalAddresses(name)).toBeUndefined();
  });
});

describe('defaultClassifyAddress', () => {
  const addresses = ['127.0.0.1', '10.1.2.3', '169.254.169.254', '8.8.8.8', '::1', '2001:db8::1', '2606:4700::1111', '::ffff:10.0.0.1', 'not an ip', '93.184.216.34'];

  it('classifies as isPrivateAddress does, the first time and every later time', () => {
    for (let round = 0; round < 3; round += 1) {
      expect(addresses.map((ip) => defaultClassifyAddress(ip))).toEqual(addresses.map((ip) => (isPrivateAddress(ip) ? 'private' : 'public')));
    }
  });

  it('lets a public source through public addresses only, and a private source anywhere', () => {
    const v4 = (address: string) => ({ address, family: 4 });
    expect(checkAddresses([v4('8.8.8.8')], undefined, defaultClassifyAddress)).toEqual({ ok: true, scope: 'public' });
    expect(checkAddresses([v4('8.8.8.8'), v4('10.0.0.1')], undefined, defaultClassifyAddress)).toEqual({ ok: true, scope: 'private' });
    expect(checkAddresses([v4('8.8.8.8'), v4('10.0.0.1')], 'public', defaultClassifyAddress)).toEqual({ ok: false, blocked: '10.0.0.1' });
    expect(checkAddresses([v4('10.0.0.1')], 'private', defaultClassifyAddress)).toEqual({ ok: true, scope: 'private' });
  });
});

describe('watchAbort', () => {
  it('runs the callbacks still watching, in the order they were added, once, when the signal aborts', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const first = (): void => void calls.push('first');
    const second = (): void => void calls.push('second');
    const third = (): void => void calls.push('third');
    watchAbort(controller.signal, first);
    watchAbort(controller.signal, second);
    watchAbort(controller.signal, third);
    unwatchAbort(controller.signal, second);

    controller.abort();
    controller.abort();

    expect(calls).toEqual(['first', 'third']);
  });

  it('runs a callback at once on a signal that has aborted already', () => {
    const calls: string[] = [];
    watchAbort(AbortSignal.abort(), () => calls.push('now'));
    expect(calls).toEqual(['now']);
  });
});

describe('ConnectTimer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function timedScope(): { readonly scope: AbortScope; readonly timer: ConnectTimer } {
    const scope = new AbortScope();
    return { scope, timer: new ConnectTimer('http://example.fr/feed', 100, scope) };
  }

  it('counts the lookup and the connection together: arming it again does not start it over', () => {
    vi.useFakeTimers();
    const { scope, timer } = timedScope();
    timer.arm();
    vi.advanceTimersByTime(60);
    timer.arm();
    vi.advanceTimersByTime(39);
    expect(scope.reason).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(scope.reason).toEqual(
      new FeedFetchError('connect timeout: no connection to http://example.fr/feed within 100 ms (DNS + TCP + TLS)', {
        url: 'http://example.fr/feed',
        kind: 'timeout',
      }),
    );
    expect(scope.reason?.kind).toBe('timeout');
  });

  it('starts over on restart, and never fires once stopped or when never armed', () => {
    vi.useFakeTimers();
    const { scope, timer } = timedScope();
    timer.arm();
    vi.advanceTimersByTime(90);
    timer.restart();
    vi.advanceTimersByTime(90);
    expect(scope.reason).toBeUndefined();
    timer.stop();
    vi.advanceTimersByTime(1_000);
    expect(scope.reason).toBeUndefined();

    const idle = timedScope();
    idle.timer.stop();
    vi.advanceTimersByTime(1_000);
    expect(idle.scope.reason).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('request headers on the wire', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it.each([
    [{}, []],
    [{ etag: '"v1"' }, ['If-None-Match', '"v1"']],
    [{ etag: '"v1"', lastModified: 'Sun, 06 Dec 2026 10:00:00 GMT' }, ['If-None-Match', '"v1"', 'If-Modified-Since', 'Sun, 06 Dec 2026 10:00:00 GMT']],
    [{ etag: '', lastModified: 'Sun, 06 Dec 2026 10:00:00 GMT' }, ['If-Modified-Since', 'Sun, 06 Dec 2026 10:00:00 GMT']],
  ])('sends exactly these lines, in this order, for validators %j', async (validators, conditional) => {
    server = await startServer((_req, res) => res.writeHead(304).end());
    await fetchFeed({ url: `${server.origin}/feed.xml`, ...validators }, fetchOptions());
    expect(server.requests[0]?.rawHeaders).toEqual([
      'Host',
      `127.0.0.1:${String(server.port)}`,
      'User-Agent',
      USER_AGENT,
      'Accept',
      FEED_ACCEPT,
      'Accept-Encoding',
      FEED_ACCEPT_ENCODING,
      ...conditional,
      'Connection',
      'keep-alive',
    ]);
  });

  it('sends the Host of a name (with its port) while connecting to the address its lookup gave', async () => {
    server = await startServer((_req, res) => res.writeHead(304).end());
    const url = `http://feeds.test:${String(server.port)}/feed.xml`;
    const lookups: string[] = [];
    const result = await fetchFeed(
      { url, etag: '"v1"' },
      fetchOptions({
        lookup: (hostname) => {
          lookups.push(hostname);
          return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
        },
      }),
    );
    expect(result).toEqual({ kind: 'not-modified', finalUrl: url, etag: '"v1"' });
    expect(lookups).toEqual(['feeds.test']);
    expect(server.requests[0]?.rawHeaders.slice(0, 2)).toEqual(['Host', `feeds.test:${String(server.port)}`]);
    expect(server.requests[0]?.rawHeaders.slice(-4)).toEqual(['If-None-Match', '"v1"', 'Connection', 'keep-alive']);
  });
});
