import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/parse/clean-text.js';
import { htmlToText, parsedHtmlText } from '../../src/parse/html-to-text.js';
import { simpleHtmlText } from '../../src/parse/simple-html-text.js';

const NO_LIMIT = Number.POSITIVE_INFINITY;

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces of feed HTML: text, the tags read without a parser (in every way they are written), and others. */
const PIECES = [
  'mot', 'Élysée', ' ', '  ', '\n', '\t', '\u00a0', 'a>b', '"', "'", '=',
  '<p>', '</p>', '<P>', '</P >', '<p/>', '<p class="x">', '<p\nclass=\'y\'>', '<br>', '<br/>', '<br />', '</br>', '<BR>',
  '<div>', '</div>', '<li>', '</li>', '<ul>', '</ul>', '<ol>', '</ol>', '<h2>', '</h2>', '<h3 id="t">', '</h3>',
  '<table>', '</table>', '<tr>', '</tr>', '<td>', '</td>', '<th>', '</th>', '<dd>', '<dt>', '</dd>', '<dl>', '</dl>',
  '<hr>', '</hr>', '<img src="a.png" alt="x > y">', '</img>', '<blockquote>', '</blockquote>', '<pre>', '</pre>', '<figure>', '<figcaption>', '</figure>',
  '<a href="https://exemple.fr/?a=1">', '</a>', '<a>', '<em>', '</em>', '<strong>', '</strong>', '<span>', '</span>', '<b>', '</b>', '<i>', '</i>',
  '<sup>', '</sup>', '<small>', '</small>', '<code>', '</code>', '<q>', '</q>', '<time datetime="2026">', '</time>', '<del>', '<ins>', '</del>',
  // Not read without a parser: the whole fragment goes to htmlparser2.
  '&amp;', '&nbsp;', '<!-- c -->', '<form>', '</form>', '<script>x</script>', '<style>', '<font color=red>', '<p-x>', '< p>', '<3', '<a href=x>',
  '<svg>', '<title>', '<input>', '<select>', '<option>', '<details>', '<section>', '</section>', '<article>', '</article>',
];

function fragment(next: () => number, pieces: number): string {
  let html = '';
  for (let index = 0; index < pieces; index += 1) html += PIECES[Math.floor(next() * PIECES.length)] ?? '';
  return html;
}

describe('simpleHtmlText', () => {
  it('gives the text htmlparser2 gives, on 20,000 random fragments of feed HTML', () => {
    const next = random(16);
    let simple = 0;
    for (let round = 0; round < 20_000; round += 1) {
      const html = fragment(next, 1 + Math.floor(next() * 24));
      const budget = round % 5 === 0 ? 1 + Math.floor(next() * 20) : NO_LIMIT;
      const text = simpleHtmlText(html, budget);
      if (text === undefined) continue;
      simple += 1;
      expect({ html, budget, text: cleanText(text) }).toEqual({ html, budget, text: cleanText(parsedHtmlText(html, budget)) });
    }
    // Most fragments without an entity or an unknown tag are read without a parser.
    expect(simple).toBeGreaterThan(3_000);
  });

  it.each([
    ['<p>Un</p><p>deux</p>', 'Un deux'],
    ['<p>Un <em>deux</em> trois</p>', 'Un deux trois'],
    ['un</div>deux', 'undeux'],
    ['<span><p>un</span>deux', 'un deux'],
    ['<p>un<div>deux', 'un deux'],
    ['un</p>deux', 'un deux'],
    ['un</br>deux', 'un deux'],
    ['un</img>deux', 'undeux'],
    ['<a href="https://exemple.fr/?a=1" title="a > b">lien</a>suite', 'liensuite'],
    ['texte sans balise', 'texte sans balise'],
  ])('%j -> %j, as htmlparser2 reads it', (html, expected) => {
    const text = simpleHtmlText(html, NO_LIMIT);
    expect(text === undefined ? undefined : cleanText(text)).toBe(expected);
    expect(cleanText(parsedHtmlText(html, NO_LIMIT))).toBe(expected);
  });

  it.each(['a &amp; b', '<p>a<!-- c --></p>', '<p>a<form>b', '<font color=red>a</font>', 'a < b', '<p class=x>a</p>', '<svg><p>a</p></svg>'])(
    'leaves %j to htmlparser2',
    (html) => {
      expect(simpleHtmlText(html, NO_LIMIT)).toBeUndefined();
    },
  );

  it('stops after the section that passes the budget, as htmlparser2 is paused', () => {
    const html = '<p>un deux</p><p>trois</p><p>quatre</p>';
    expect(simpleHtmlText(html, 10)).toBe(' un deux  trois');
    expect(cleanText(parsedHtmlText(html, 10))).toBe('un deux trois');
    expect(htmlToText(`<p>${'mot '.repeat(3000)}</p><p>fin</p>`, 20)).toBe('mot mot mot mot mot…');
  });
});
