import { describe, expect, it } from 'vitest';
import { normalizeLink } from '../../src/parse/normalize-link.js';

const BASE = 'https://www.example.fr/rss/une.xml';

describe('normalizeLink', () => {
  it.each([
    ['https://www.example.fr/a', 'https://www.example.fr/a'],
    ['  https://www.example.fr/a\n', 'https://www.example.fr/a'],
    ['/actualites/1', 'https://www.example.fr/actualites/1'],
    ['actualites/1', 'https://www.example.fr/rss/actualites/1'],
    ['../a', 'https://www.example.fr/a'],
    ['//cdn.example.net/a', 'https://cdn.example.net/a'],
    ['HTTPS://WWW.Example.FR/Chemin', 'https://www.example.fr/Chemin'],
    ['http://example.org:80/a', 'http://example.org/a'],
    ['https://example.org:443/a', 'https://example.org/a'],
    ['https://example.org:8443/a', 'https://example.org:8443/a'],
    ['https://example.org/a#section', 'https://example.org/a'],
    ['https://www.humanite.fr/article-645745#xtor=RSS-1', 'https://www.humanite.fr/article-645745'],
    ['https://example.org/a?utm_source=rss&utm_medium=feed&utm_campaign=x', 'https://example.org/a'],
    ['https://example.org/a?id=7&utm_source=rss&page=2', 'https://example.org/a?id=7&page=2'],
    ['https://example.org/a?UTM_Source=rss&id=7', 'https://example.org/a?id=7'],
    ['https://example.org/a?fbclid=x&gclid=y&dclid=z&msclkid=w&id=1', 'https://example.org/a?id=1'],
    ['https://example.org/a?mc_cid=1&mc_eid=2&id=1', 'https://example.org/a?id=1'],
    ['https://www.lemonde.fr/a.html?xtor=RSS-3208', 'https://www.lemonde.fr/a.html'],
    ['https://www.bbc.co.uk/news/world-60993659?at_medium=RSS&at_campaign=KARANGA', 'https://www.bbc.co.uk/news/world-60993659'],
    ['https://example.org/a?at_custom1=x&at_custom4=y&q=1', 'https://example.org/a?q=1'],
    ['https://example.org/a?_hsenc=a&_hsmi=b&igshid=c&yclid=d', 'https://example.org/a'],
    ['https://www.heise.de/a.html?wt_mc=rss.developer.beitrag.atom', 'https://www.heise.de/a.html'],
    ['https://example.org/a?q=caf%C3%A9+cr%C3%A8me&b=%20', 'https://example.org/a?q=caf%C3%A9+cr%C3%A8me&b=%20'],
    ['https://example.org/a?z=1&a=2&m=3', 'https://example.org/a?z=1&a=2&m=3'],
    ['https://example.org/a?flag&utm_x=1', 'https://example.org/a?flag'],
    ['https://example.org/a?', 'https://example.org/a'],
    ['https://example.org/a?&&id=1&', 'https://example.org/a?id=1'],
    ['https://example.org/ref?ref=home&source=rss', 'https://example.org/ref?ref=home&source=rss'],
    ['https://example.org/été/ü', 'https://example.org/%C3%A9t%C3%A9/%C3%BC'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
    ['mailto:desk@example.org', undefined],
    ['javascript:alert(1)', undefined],
    ['ftp://example.org/file', undefined],
    ['', undefined],
    ['   ', undefined],
    ['http://', undefined],
    ['https://exa mple.org/', undefined],
  ])('%j -> %s', (href, expected) => {
    expect(normalizeLink(href, BASE)).toBe(expected);
  });

  it.each([
    ['https://example.org/a', 'not a url', 'https://example.org/a'],
    ['/a', 'not a url', undefined],
    ['/a', 'http://feeds.example.org:80/feed', 'http://feeds.example.org/a'],
    // A link without '?' or '#' takes neither from the base; one of only a fragment keeps the base's query.
    ['article\t2', 'https://example.org/feed?utm_source=rss&id=3#top', 'https://example.org/article2'],
    ['#part', 'https://example.org/feed?utm_source=rss&id=3#top', 'https://example.org/feed?id=3'],
    ['HTTPS://Example.ORG:443/a%20b', 'not a url', 'https://example.org/a%20b'],
  ])('%j against base %j -> %s', (href, base, expected) => {
    expect(normalizeLink(href, base)).toBe(expected);
  });
});

describe('normalizeLink of an absolute http(s) link', () => {
  // normalizeLink parses a link that starts with http:// or https:// without the feed URL: the
  // URL parser must give the same URL (or the same refusal) as with it, whatever the base.
  it('parses it the same with and without a base', () => {
    const links = [
      'http://a.example/x', 'HTTPS://A.EXAMPLE:443/x?utm_source=y#z', 'https://a.example', 'http://a.example/../b/./c',
      'https://a.example/p?q=1&utm_medium=x', 'http://[::1]/x', 'https://xn--caf-dma.example/é', 'http://a b.example/', 'https://',
      'http:///a.example/x', 'https://a.example\\x\\y', 'http://a.example/\t\nx', 'HtTp://user:pw@a.example:80/x',
    ];
    const bases = ['https://feeds.example.org/rss/une.xml', 'http://127.0.0.1:8080/f/1.xml', 'ftp://files.example/x', 'not a url'];
    const parse = (link: string, base?: string): string => {
      try {
        return new URL(link, base).href;
      } catch {
        return 'refused';
      }
    };
    for (const link of links) {
      expect(link).toMatch(/^https?:\/\//i);
      for (const base of bases) expect(parse(link), `${link} against ${base}`).toBe(base === 'not a url' ? parse(link) : parse(link, base));
    }
    for (const base of bases.slice(0, 2)) {
      expect(normalizeLink('HTTPS://A.EXAMPLE:443/x?utm_source=y#z', base)).toBe('https://a.example/x');
    }
  });
});
