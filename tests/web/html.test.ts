import { describe, expect, it } from 'vitest';
import { escapeHtml, feedText, html, safeHref, trusted } from '../../src/web/html.js';

describe('html', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['"><img src=x onerror=alert(1)>', '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'],
    ["' onmouseover='x", '&#39; onmouseover=&#39;x'],
    ['a & b `c`', 'a &amp; b &#96;c&#96;'],
    ['&amp;', '&amp;amp;'],
    ['plain é text', 'plain é text'],
  ])('escapeHtml(%j)', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it('escapes every interpolated value for text and attributes; nests Html; joins arrays; drops empty values', () => {
    const value = '"><script>x</script>';
    const inner = html`<b>${value}</b>`;
    expect(html`<a title="${value}">${value}</a>`.toString()).toBe('<a title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">&quot;&gt;&lt;script&gt;x&lt;/script&gt;</a>');
    expect(html`<p>${inner}${[1, '<', [trusted('<br>')]]}${undefined}${null}${false}${0}</p>`.toString()).toBe(
      '<p><b>&quot;&gt;&lt;script&gt;x&lt;/script&gt;</b>1&lt;<br>0</p>',
    );
  });

  it.each([
    ['https://news.example/a?b="c"', 'https://news.example/a?b=%22c%22'],
    ['http://news.example/', 'http://news.example/'],
    ['javascript:alert(1)', undefined],
    ['JaVaScRiPt:alert(1)', undefined],
    [' javascript:alert(1)', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['vbscript:msgbox(1)', undefined],
    ['//news.example/a', undefined],
    ['/relative', undefined],
    [undefined, undefined],
  ])('safeHref(%j) = %j', (input, expected) => {
    expect(safeHref(input)).toBe(expected);
  });

  it('feedText makes bidi controls visible', () => {
    expect(feedText('\u202Egnp.exe \u2066x\u2069 \u200Fy')).toBe('[U+202E]gnp.exe [U+2066]x[U+2069] [U+200F]y');
    expect(feedText('سلام hello')).toBe('سلام hello');
  });
});
