import { describe, expect, it } from 'vitest';
import { decodeFeedBody } from '../../src/decode/decode-body.js';
import { normalizeLink, plainAbsoluteLink } from '../../src/parse/normalize-link.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { isTrackingParameter } from '../../src/parse/tracking-parameters.js';
import { expectationOf } from '../corpus/corpus-expectations.js';
import { feedUrlOf, readCorpusBytes, readManifest } from '../corpus/corpus-files.js';

// normalizeLink reads a plain absolute link without the URL parser (plainAbsoluteLink) and filters
// queries without split/filter/join: on every link, it must give what the implementation before
// these fast paths gave (kept here as the reference), and so must plainAbsoluteLink where it answers.
function reference(href: string, base: string): string | undefined {
  const trimmed = href.trim();
  if (trimmed === '') return undefined;
  const url = referenceParse(trimmed, base);
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return undefined;
  if (!trimmed.includes('?') && !trimmed.includes('#')) return url.href;
  url.hash = '';
  url.search = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParameter(referenceName(pair)))
    .join('&');
  return url.href;
}
function referenceParse(href: string, base: string): URL | undefined {
  try {
    return /^https?:\/\//i.test(href) ? new URL(href) : new URL(href, base);
  } catch {
    try {
      return new URL(href);
    } catch {
      return undefined;
    }
  }
}
function referenceName(pair: string): string {
  const raw = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** A small deterministic generator (no dependency on test order). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const BASES = ['https://www.example.fr/rss/une.xml', 'http://127.0.0.1:8080/f/1.xml?x=1', 'not a url'];

function expectSame(link: string, base: string): boolean {
  const expected = reference(link, base);
  const fast = plainAbsoluteLink(link.trim());
  if (fast !== undefined) expect(fast, `${JSON.stringify(link)} (plain)`).toBe(expected);
  expect(normalizeLink(link, base), `${JSON.stringify(link)} against ${base}`).toBe(expected);
  return fast !== undefined;
}

describe('normalizeLink, plain absolute links without the URL parser', () => {
  const next = random(10);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const some = (count: number, make: () => string, separator: string): string => Array.from({ length: count }, make).join(separator);

  const schemes = ['https://', 'https://', 'http://', 'HTTPS://', 'Http://', 'ftp://', 'https:/', 'https:', 'https:\\\\', 'https:///', '//'];
  const labels = [
    'www', 'example', 'source-12', 'exemple-actu', 'fr', 'com', 'co', 'uk', 'a', '0', '12', '0x1f', '0X1F', 'xn--bcher-kva', 'xn--a',
    'Example', 'WWW', 'b\u00fccher', 'exa_mple', '-a-', 'a--b', '', 'localhost', '255', '0x', 'a0x1', '1e3', '%41', 'ex ample',
  ];
  const lastLabels = ['fr', 'com', 'org', 'example', 'uk', '123', '0x7f', '0', 'FR', 'xn--p1ai', 'a', 'z9', 'fr.', '1a', 'a-'];
  const ports = ['', '', '', '', ':80', ':443', ':8080', ':', ':0443', ':99999'];
  const users = ['', '', '', '', '', 'user@', 'user:pw@', '@'];
  const segments = [
    'actualites', 'article-12.html', 'a', '2024', 'A-B_C.d~e', '.', '..', '%2e', '%2E', '.%2e', '%2e%2e', '...', '.a', 'a.', '',
    'caf\u00e9', 'a b', '%20', '%zz', '%', '%c3%a9', 'a|b', 'a^b', 'a`b', 'a{b}', 'a"b', "a'b", 'a<b>', 'a\\b', 'a;b=c', 'a:b@c',
    '!$&()*+,', 'a\tb', 'a\nb', '\u00a0', 'x\u0000y', '\ud83d\ude00', 'C:', 'a?b',
  ];
  const names = ['id', 'page', 'utm_source', 'utm_medium', 'UTM_Campaign', 'xtor', 'fbclid', 'at_custom1', 'ns_source', 'ref', 'q', '', 'a+b', 'utm%5Fsource', '%zz', 'mc_cid', '+utm_x', 'utm+x', '%75tm_x', 'x%'];
  const values = ['', '1', 'rss', 'a+b', '%20', 'caf\u00e9', 'a b', "it's", 'a"b', 'x/y', 'a?b', 'a=b', '<', '`', '~', '%zz', '\u00a0'];
  const fragments = ['', '', '', '', '#', '#top', '#xtor=RSS-1', '#a b', '#\u00e9', '#a?b'];
  const spaces = ['', '', '', '', ' ', '\n', '\t', '\u00a0', ' \r\n'];

  function link(): string {
    const host = `${some(Math.floor(next() * 4), () => pick(labels), '.')}${next() < 0.7 ? '.' : ''}${pick(lastLabels)}`.replace(/^\./, '');
    const path = next() < 0.15 ? '' : `/${some(Math.floor(next() * 5), () => pick(segments), '/')}${next() < 0.2 ? '/' : ''}`;
    const query = next() < 0.5 ? '' : `?${some(Math.floor(next() * 4), () => `${pick(names)}${next() < 0.8 ? `=${pick(values)}` : ''}`, pick(['&', '&', '&&', ';']))}`;
    return `${pick(spaces)}${pick(schemes)}${pick(users)}${host}${pick(ports)}${path}${query}${pick(fragments)}${pick(spaces)}`;
  }

  /** Mostly safe pieces, so that most links are plain and the fast path's edges are exercised often. */
  function nearlyPlainLink(): string {
    const odd = next() < 0.3;
    const host = `${pick(['www.', '', 'a.b.', 'source-3.'])}${odd ? pick(['x1', '-', 'a--b', 'xn--caf-dma', 'Ex']) : pick(['example', 'exemple-actu'])}.${odd ? pick(['co.uk', '1', '0x2', 'a1', 'fr.']) : 'fr'}`;
    const segment = () => (next() < 0.8 ? pick(['a', 'article-1.html', '2024', '', 'x~y_z', 'a:b@c']) : pick(['.', '..', '%2e', '%2E.', '...', '%41', '%', "a'b", 'a|b']));
    const path = next() < 0.1 ? '' : `/${some(Math.floor(next() * 4), segment, '/')}`;
    const value = () => (next() < 0.8 ? pick(['1', 'rss', 'a+b', '%20', '', 'x/y', 'a=b']) : pick(['a?b', "it's", 'a b', '<']));
    const query = next() < 0.4 ? '' : `?${some(Math.floor(next() * 4), () => `${pick(names.slice(0, 9))}=${value()}`, '&')}`;
    return `${pick(['https://', 'https://', 'http://', 'HTTP://'])}${host}${path}${query}${next() < 0.1 ? '#a' : ''}`;
  }

  it('gives the previous result on 100,000 generated links', () => {
    let plain = 0;
    for (let index = 0; index < 100_000; index += 1) {
      const generated = index % 2 === 0 ? link() : nearlyPlainLink();
      if (expectSame(generated, BASES[index % BASES.length] ?? '')) plain += 1;
    }
    // Both paths are exercised.
    expect(plain).toBeGreaterThan(15_000);
    expect(plain).toBeLessThan(85_000);
  });

  it('gives the previous result on the links of the corpus', async () => {
    let links = 0;
    let plain = 0;
    for (const row of readManifest()) {
      const bytes = readCorpusBytes(row.file);
      const raw = Buffer.from(bytes).toString('latin1');
      // Every href, src, url attribute and <link>, <guid>, <id> text as written, and the links as parsed.
      const written = [...raw.matchAll(/(?:href|src|url)\s*=\s*["']([^"']*)["']|<(?:link|guid|id)[^>]*>([^<]*)</g)].map((match) =>
        (match[1] ?? match[2] ?? '').replace(/&amp;/g, '&'),
      );
      let parsed: string[] = [];
      try {
        const feed = await parseFeed(decodeFeedBody(bytes, expectationOf(row.file).contentType));
        parsed = feed.entries.flatMap((entry) => (entry.link === undefined ? [] : [entry.link]));
      } catch {
        // A document the parser refuses still has its written links.
      }
      for (const candidate of [...written, ...parsed]) {
        links += 1;
        if (expectSame(candidate, feedUrlOf(row))) plain += 1;
      }
    }
    expect(links).toBeGreaterThan(2_000);
    expect(plain).toBeGreaterThan(1_000);
  });

  it.each([
    ['https://www.source-1.exemple-actu.fr/actualites/article-2.html?utm_source=rss&utm_medium=flux', 'https://www.source-1.exemple-actu.fr/actualites/article-2.html'],
    ['https://example.fr', 'https://example.fr/'],
    ['https://example.fr?id=1&utm_source=x', 'https://example.fr/?id=1'],
    ['https://example.fr/a/?', 'https://example.fr/a/'],
    ['http://a.example/x/../y', undefined],
    ['https://a.example/p??x=1', undefined],
    ['https://1.2.3.4/x', undefined],
    ['https://a.0x10/x', undefined],
    ['https://Example.fr/x', undefined],
    ['https://xn--bcher-kva.example/', undefined],
    ['https://a.example:443/x', undefined],
    ['https://a.example/x#y', undefined],
  ])('plainAbsoluteLink(%j) is %s', (href, expected) => {
    expect(plainAbsoluteLink(href)).toBe(expected);
    if (expected !== undefined) expect(reference(href, 'not a url')).toBe(expected);
  });
});
