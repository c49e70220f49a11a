import { describe, expect, it } from 'vitest';
import { escapeBareAmpersands } from '../../src/parse/escape-bare-ampersands.js';

describe('escapeBareAmpersands', () => {
  it.each([
    ['<t>AT&T</t>', '<t>AT&amp;T</t>'],
    ['<l>?a=1&b=2&c</l>', '<l>?a=1&amp;b=2&amp;c</l>'],
    ['<t>a & b</t>', '<t>a &amp; b</t>'],
    ['<t>&amp; &lt; &#233; &#xE9; &eacute; &nbsp;</t>', '<t>&amp; &lt; &#233; &#xE9; &eacute; &nbsp;</t>'],
    ['<t>&xxe; &lol9;</t>', '<t>&xxe; &lol9;</t>'],
    ['<t>&#; &#x; &#12a;</t>', '<t>&amp;#; &amp;#x; &amp;#12a;</t>'],
    ['<a href="/x?a=1&b=2">x</a>', '<a href="/x?a=1&amp;b=2">x</a>'],
    ['<d><![CDATA[a&b]]> & <![CDATA[&c]]></d>', '<d><![CDATA[a&b]]> &amp; <![CDATA[&c]]></d>'],
    ['<d><![CDATA[never closed & </d>', '<d><![CDATA[never closed &amp; </d>'],
    ['no ampersand', 'no ampersand'],
  ])('%j -> %j', (xml, expected) => {
    expect(escapeBareAmpersands(xml)).toBe(expected);
  });
});
