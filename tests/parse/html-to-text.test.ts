import { describe, expect, it } from 'vitest';
import { cleanText, foldWhitespace } from '../../src/parse/clean-text.js';
import { htmlToText, inlineHtmlToText } from '../../src/parse/html-to-text.js';
import { truncateText } from '../../src/parse/truncate-text.js';

describe('htmlToText', () => {
  it.each([
    ['<p>A <b>short</b> description.</p>', 'A short description.'],
    ['<p>one</p><p>two</p>', 'one two'],
    ['line<br>break<br/>again', 'line break again'],
    ['<ul><li>a</li><li>b</li></ul>', 'a b'],
    ['in<em>line</em> stays glued', 'inline stays glued'],
    ['<div><p>Body&nbsp;text</p><script>track("<p>x</p>")</script></div>', 'Body text'],
    ['<style>p { color: red }</style><p>visible</p>', 'visible'],
    ['<noscript>enable js</noscript>ok', 'ok'],
    ['safe<iframe src="https://example.com/"> <b>fallback</b></iframe>', 'safe'],
    ['L&rsquo;été &eacute;t&eacute; &#233; &#xE9; &amp; &lt;b&gt;', 'L’été été é é & <b>'],
    ['don&#146;t &#150; &#128;', 'don’t – €'],
    ['don\u0092t', 'don’t'],
    ['AT&T &unknown; 1 < 2', 'AT&T &unknown; 1 < 2'],
    ['  lots \n\t of   white\u00a0space  ', 'lots of white space'],
    ['soft\u00adhyphen zero\u200bwidth', 'softhyphen zerowidth'],
    ['<!-- comment -->text<?php echo 1 ?>', 'text'],
    ['<p>unclosed <b>tags', 'unclosed tags'],
    ['<img src="x.png" alt="alt text">caption', 'caption'],
    ['plain text', 'plain text'],
    ['', ''],
  ])('%j -> %j', (html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });

  it.each([
    ['1000 words, cut on a boundary', 'word '.repeat(1000), 2000, 'word '.repeat(400).trim() + '…', 2000],
    ['1000 words, cut inside a word', 'word '.repeat(1000), 1998, 'word '.repeat(399).trim() + '…', 1995],
    ['shorter than the cap', 'short', 10, 'short', 5],
    ['exactly the cap', 'exactly10!', 10, 'exactly10!', 10],
    ['one long word', 'abcdefghijklmnopqrstuvwxyz', 10, 'abcdefghi…', 10],
  ])('caps %s', (_name, html, max, expected, length) => {
    const text = htmlToText(html, max);
    expect(text).toBe(expected);
    expect(text.length).toBe(length);
  });

  it('stops reading a long document once the cap is reached', () => {
    const html = `<p>${'mot '.repeat(50_000)}</p><p>FIN</p>`;
    const text = htmlToText(html, 2000);
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text.endsWith('mot…')).toBe(true);
    expect(text).not.toContain('FIN');
  });
});

describe('inlineHtmlToText', () => {
  it.each([
    ['Plain   title\n', 'Plain title'],
    ['L&rsquo;ANSSI &amp; la <b>CNIL</b>', 'L’ANSSI & la CNIL'],
    ['Why Vec&lt;T> &amp; friends', 'Why Vec<T> & friends'],
    ['1 < 2', '1 < 2'],
    ['safe<script>alert(1)</script> description', 'safe description'],
    ['Caf\u0092s', 'Caf’s'],
  ])('%j -> %j', (value, expected) => {
    expect(inlineHtmlToText(value)).toBe(expected);
  });
});

describe('cleanText, foldWhitespace, truncateText', () => {
  it.each([
    ['\u0080 \u0081\u008d\u008f\u0090\u009d \u009c', '€ œ'],
    ['a\u0000b\u0007c\u001fd\u007fe', 'abcde'],
    ['\ufeffbom', 'bom'],
  ])('cleanText(%j) -> %j', (text, expected) => {
    expect(cleanText(text)).toBe(expected);
  });

  it('cleanText removes or repairs each invisible character wherever it stands, and leaves clean text as it is', () => {
    // The rule as one replace, as it was before the test that skips it on clean text.
    const reference = (text: string): string =>
      foldWhitespace(
        text.replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200d\u2060\ufeff]/g, (char) => {
          const code = char.charCodeAt(0);
          if (code < 0x80 || code > 0x9f) return '';
          const repaired = '€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ'.charAt(code - 0x80);
          return repaired === '\0' ? '' : repaired;
        }),
      );
    // Every character of the class is below U+2100 or is U+FEFF.
    const codes = [...Array.from({ length: 0x2100 }, (_, code) => code), 0xd800, 0xfeff, 0xfffd, 0xffff];
    for (const code of codes) {
      const char = String.fromCharCode(code);
      for (const text of [char, `a ${char}b`, `a${char}${char} b ${char}`]) expect(cleanText(text)).toBe(reference(text));
    }
    expect(cleanText('  déjà  vu\n')).toBe('déjà vu');
  });

  it('foldWhitespace keeps inner characters and folds every kind of space', () => {
    expect(foldWhitespace(' a\u00a0\u2009b\r\nc ')).toBe('a b c');
  });

  it('foldWhitespace gives what replacing every /\\s+/ run gives, on every mix of spaces', () => {
    // Every string of up to 4 characters over letters and the kinds of white space, and longer ones.
    const alphabet = ['a', ' ', '\t', '\n', '\u00a0', '\u2028', '\u3000', '\ufeff', 'é'];
    const texts: string[] = [''];
    for (let length = 1; length <= 4; length += 1) {
      for (const prefix of texts.filter((text) => text.length === length - 1)) texts.push(...alphabet.map((char) => prefix + char));
    }
    texts.push('Coup  de théâtre :\tle\u00a0partenariat\n\n doit   encore ', ' '.repeat(50), 'x '.repeat(40));
    expect(texts.length).toBeGreaterThan(7000);
    for (const text of texts) expect(foldWhitespace(text)).toBe(text.replace(/\s+/g, ' ').trim());
  });

  it.each([
    ['a b c d e f g h i j', 10, 'a b c d e…'],
    ['abcdefghij klm', 12, 'abcdefghij…'],
    ['😀😀😀😀😀😀', 4, '😀…'],
  ])('truncateText(%j, %d) -> %j', (text, max, expected) => {
    expect(truncateText(text, max)).toBe(expected);
  });
});
