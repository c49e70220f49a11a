import { describe, expect, it } from 'vitest';
import { completeTrailingEndTag } from '../../src/parse/complete-trailing-end-tag.js';
import { repairXmlText } from '../../src/parse/repair-xml-text.js';
import { resolveNamedReferences } from '../../src/parse/resolve-named-references.js';

describe('resolveNamedReferences', () => {
  it.each([
    ['<t>&eacute;t&eacute; &hellip; &nbsp;</t>', '<t>été … \u00a0</t>'],
    ['<t>&doesnotexist; &xxe; &lol9;</t>', '<t>&amp;doesnotexist; &amp;xxe; &amp;lol9;</t>'],
    ['<t>&amp; &lt; &gt; &quot; &apos; &#233;</t>', '<t>&amp; &lt; &gt; &quot; &apos; &#233;</t>'],
    ['<t>&LT; &AMP; &QUOT;</t>', '<t>&LT; &AMP; &QUOT;</t>'],
    ['<t>&NotEqualTilde;</t>', '<t>\u2242\u0338</t>'],
    ['<t a="&eacute;&unknown;">x</t>', '<t a="é&amp;unknown;">x</t>'],
    ['<d><![CDATA[&eacute; &x;]]> &eacute;</d>', '<d><![CDATA[&eacute; &x;]]> é</d>'],
    // Decoded together, each as if alone: a legacy prefix, a newline, repeats, a made-up name.
    ['<t>&notit; &NewLine;&eacute;&a1;&eacute;</t>', '<t>¬it; \né&amp;a1;é</t>'],
  ])('%j -> %j', (xml, expected) => {
    expect(resolveNamedReferences(xml)).toBe(expected);
  });
});

describe('completeTrailingEndTag', () => {
  it.each([
    ['<rss><channel/></rss', '<rss><channel/></rss>'],
    ['<feed></feed  \n', '<feed></feed>'],
    ['<rdf:RDF></rdf:RDF', '<rdf:RDF></rdf:RDF>'],
    ['<rss></rss>', '<rss></rss>'],
    ['<rss><channel>', '<rss><channel>'],
    ['<rss></', '<rss></'],
  ])('%j -> %j', (xml, expected) => {
    expect(completeTrailingEndTag(xml)).toBe(expected);
  });
});

describe('repairXmlText', () => {
  it.each([
    ['<t>AT&T</t>', 'Invalid character in entity name\nLine: 0\nColumn: 7\nChar: T', '<t>AT&amp;T</t>'],
    ['<t>&foo;</t>', 'Invalid character entity\nLine: 0\nColumn: 8\nChar: ;', '<t>&amp;foo;</t>'],
    ['<rss></rss', 'Unclosed root tag\nLine: 0\nColumn: 10\nChar: ', '<rss></rss>'],
    ['<t>&#0;</t>', 'Invalid character entity\nLine: 0\nColumn: 6\nChar: ;', undefined],
    ['<rss><channel>', 'Unclosed root tag\nLine: 0\nColumn: 14\nChar: ', undefined],
    ['<rss></chan></rss>', 'Unexpected close tag\nLine: 0\nColumn: 12\nChar: >', undefined],
  ])('%j with %j -> %j', (xml, message, expected) => {
    expect(repairXmlText(xml, message)).toBe(expected);
  });
});
