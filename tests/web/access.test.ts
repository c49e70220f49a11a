import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/http/http-server.js';
import { createAccess, isLoopbackAddress, isLoopbackHost, readCookie } from '../../src/web/access.js';

const request = (remoteAddress: string, headers: Record<string, string> = {}): HttpRequest => ({
  method: 'GET',
  url: new URL('http://veille/sources'),
  headers,
  remoteAddress,
  body: async () => '',
});

describe('access', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
  ])('isLoopbackHost(%s) = %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it.each([
    ['127.0.0.1', true],
    ['::ffff:127.0.0.1', true],
    ['::1', true],
    ['10.0.0.2', false],
    ['::ffff:10.0.0.2', false],
    ['', false],
  ])('isLoopbackAddress(%s) = %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });

  it('no token on loopback: open; no token elsewhere: pages for loopback clients, metrics open', () => {
    const open = createAccess({ host: '127.0.0.1', metricsPublic: false });
    expect(open.mode).toBe('open');
    expect(open.allowsPage(request('10.0.0.2'))).toBe(true);
    const exposed = createAccess({ host: '0.0.0.0', metricsPublic: false });
    expect(exposed.mode).toBe('loopback-clients');
    expect(exposed.allowsPage(request('127.0.0.1'))).toBe(true);
    expect(exposed.allowsPage(request('::ffff:127.0.0.1'))).toBe(true);
    expect(exposed.allowsPage(request('10.0.0.2'))).toBe(false);
    expect(exposed.allowsPage(request('10.0.0.2', { authorization: 'Bearer x' }))).toBe(false);
    expect(exposed.allowsMetrics(request('10.0.0.2'))).toBe(true);
  });

  it('a token: needed from every client, as a Bearer header or the session cookie; metrics follow metrics_public', () => {
    const access = createAccess({ host: '0.0.0.0', token: 's3cret-token', metricsPublic: false });
    expect(access.mode).toBe('token');
    const cookie = access.sessionCookie();
    expect(cookie).toMatch(/^veille_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict$/);
    const session = cookie.split(';')[0] ?? '';
    const cases: [Record<string, string>, boolean][] = [
      [{}, false],
      [{ authorization: 'Bearer s3cret-token' }, true],
      [{ authorization: 'bearer   s3cret-token ' }, true],
      [{ authorization: 'Bearer s3cret-toke' }, false],
      [{ authorization: 'Bearer s3cret-token2' }, false],
      [{ authorization: 'Basic s3cret-token' }, false],
      [{ cookie: `a=b; ${session}` }, true],
      [{ cookie: 'veille_session=s3cret-token' }, false],
      [{ cookie: `${session}0` }, false],
    ];
    for (const [headers, allowed] of cases) {
      expect({ headers, allowed: access.allowsPage(request('127.0.0.1', headers)) }).toEqual({ headers, allowed });
      expect({ headers, metrics: access.allowsMetrics(request('10.0.0.2', headers)) }).toEqual({ headers, metrics: allowed });
    }
    expect(createAccess({ host: '0.0.0.0', token: 's3cret-token', metricsPublic: true }).allowsMetrics(request('10.0.0.2'))).toBe(true);
    expect(createAccess({ host: '127.0.0.1', token: 's3cret-token', metricsPublic: false }).allowsPage(request('127.0.0.1'))).toBe(false);
    expect(access.checkToken('s3cret-token')).toBe(true);
    expect(access.checkToken('')).toBe(false);
    expect(access.clearCookie()).toBe('veille_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
  });

  it('readCookie', () => {
    expect(readCookie('a=1; veille_session=abc; b=2', 'veille_session')).toBe('abc');
    expect(readCookie('xveille_session=abc', 'veille_session')).toBeUndefined();
    expect(readCookie(undefined, 'veille_session')).toBeUndefined();
  });
});
