import { describe, expect, it } from 'vitest';
import { isRedirectStatus, resolveRedirect } from '../../src/fetch/redirect-target.js';

const BASE = new URL('https://example.test/feeds/news.xml?lang=fr');

describe('resolveRedirect', () => {
  it.each([
    ['/rss', 'https://example.test/rss'],
    ['other.xml', 'https://example.test/feeds/other.xml'],
    ['../top.xml', 'https://example.test/top.xml'],
    ['?lang=en', 'https://example.test/feeds/news.xml?lang=en'],
    ['//cdn.example.test/feed', 'https://cdn.example.test/feed'],
    ['http://example.test/insecure', 'http://example.test/insecure'],
    ['  https://moved.test/feed  ', 'https://moved.test/feed'],
  ])('follows %j to %s', (location, expected) => {
    const target = resolveRedirect(location, BASE);
    expect(target).toEqual({ ok: true, url: new URL(expected) });
  });

  it.each([
    [undefined, 'no Location header'],
    ['', 'no Location header'],
    ['file:///etc/passwd', 'Location file:///etc/passwd has unsupported scheme file:'],
    ['ftp://example.test/feed', 'Location ftp://example.test/feed has unsupported scheme ftp:'],
    ['javascript:alert(1)', 'Location javascript:alert(1) has unsupported scheme javascript:'],
    ['http://[oops/', 'invalid Location "http://[oops/"'],
  ])('refuses %j', (location, reason) => {
    expect(resolveRedirect(location, BASE)).toEqual({ ok: false, reason });
  });

  it.each([
    [301, true],
    [302, true],
    [303, true],
    [307, true],
    [308, true],
    [300, false],
    [304, false],
    [305, false],
    [200, false],
  ])('isRedirectStatus(%i) -> %s', (status, expected) => {
    expect(isRedirectStatus(status)).toBe(expected);
  });
});
