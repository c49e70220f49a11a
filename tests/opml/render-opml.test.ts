import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../src/opml/escape-xml.js';
import { parseOpml } from '../../src/opml/parse-opml.js';
import { renderOpml } from '../../src/opml/render-opml.js';

describe('renderOpml', () => {
  it('writes OPML 2.0, one outline per feed, in order', () => {
    expect(
      renderOpml({
        title: 'veille sources',
        feeds: [
          { name: 'LeMagIT', xmlUrl: 'https://www.lemagit.fr/rss/ContentSyndication.xml' },
          { name: "L'Usine Digitale", xmlUrl: 'https://www.usine-digitale.fr/rss' },
        ],
      }),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<opml version="2.0">\n' +
        '  <head>\n' +
        '    <title>veille sources</title>\n' +
        '  </head>\n' +
        '  <body>\n' +
        '    <outline type="rss" text="LeMagIT" title="LeMagIT" xmlUrl="https://www.lemagit.fr/rss/ContentSyndication.xml"/>\n' +
        '    <outline type="rss" text="L\'Usine Digitale" title="L\'Usine Digitale" xmlUrl="https://www.usine-digitale.fr/rss"/>\n' +
        '  </body>\n' +
        '</opml>\n',
    );
  });

  it('writes an empty body when there is no feed', () => {
    expect(renderOpml({ title: 't', feeds: [] })).toContain('  <body>\n  </body>\n');
  });

  it.each([
    { text: 'Ponts & Chaussées', escaped: 'Ponts &amp; Chaussées' },
    { text: '<b>"gras"</b>', escaped: '&lt;b&gt;&quot;gras&quot;&lt;/b&gt;' },
    { text: 'https://a.example/?q=1&r=2', escaped: 'https://a.example/?q=1&amp;r=2' },
    { text: 'deux\tlignes\r\nici', escaped: 'deux&#9;lignes&#13;&#10;ici' },
    { text: 'bip\u0007 \uFFFE fin', escaped: 'bip  fin' },
    { text: 'seul \uD800 demi', escaped: 'seul  demi' },
    { text: 'journal 📰 d’été', escaped: 'journal 📰 d’été' },
  ])('escapes $text', ({ text, escaped }) => {
    expect(escapeXml(text)).toBe(escaped);
  });

  it('reads back what it writes', () => {
    const feeds = [
      { name: 'Ponts & Chaussées <b> "x"', xmlUrl: 'https://example.fr/flux?cat=ponts&format=rss' },
      { name: 'Échos du numérique — l’été', xmlUrl: 'https://echos.example/r%C3%A9sum%C3%A9.xml' },
    ];
    const document = parseOpml(renderOpml({ title: 'Mes flux & autres', feeds }));
    expect(document).toEqual({ title: 'Mes flux & autres', feeds: feeds.map((feed) => ({ text: feed.name, xmlUrl: feed.xmlUrl, folders: [] })) });
  });
});
