import { describe, expect, it } from 'vitest';
import { escapeSlackMrkdwn, escapeSlackText, slackLink, truncateSlackMrkdwn } from '../../../src/deliver/slack/render/slack-escape.js';
import { FRENCH_TEXT } from '../../render/delivery-fixture.js';

const Z = '\u200B';

describe('escapeSlackText', () => {
  const cases: { name: string; text: string; expected: string }[] = [
    { name: 'plain', text: 'Le cloud', expected: 'Le cloud' },
    { name: 'French typography unchanged', text: FRENCH_TEXT, expected: FRENCH_TEXT },
    { name: 'control characters', text: 'a & b < c > d', expected: 'a &amp; b &lt; c &gt; d' },
    { name: 'existing entity escaped again', text: '&amp;', expected: '&amp;amp;' },
    { name: 'broadcasts stay text', text: '<!channel> <!here> <!everyone>', expected: '&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt;' },
    { name: 'user and channel mentions stay text', text: '<@U123> <#C123>', expected: '&lt;@U123&gt; &lt;#C123&gt;' },
    { name: 'injected link stays text', text: '<http://evil|clic>', expected: '&lt;http://evil|clic&gt;' },
    { name: 'bare broadcast words neutralised', text: '@channel @here @everyone', expected: `@${Z}channel @${Z}here @${Z}everyone` },
    { name: 'formatting left alone', text: '*a*', expected: '*a*' },
  ];
  it.each(cases)('$name', ({ text, expected }) => {
    expect(escapeSlackText(text)).toBe(expected);
  });
});

describe('escapeSlackMrkdwn', () => {
  const cases: { name: string; text: string; expected: string }[] = [
    { name: 'French typography unchanged', text: FRENCH_TEXT, expected: FRENCH_TEXT },
    { name: 'bold neutralised', text: '*gras*', expected: `${Z}*${Z}gras${Z}*${Z}` },
    { name: 'italic, strike, code', text: '_a_ ~b~ `c`', expected: `${Z}_${Z}a${Z}_${Z} ${Z}~${Z}b${Z}~${Z} ${Z}\`${Z}c${Z}\`${Z}` },
    { name: 'snake_case left alone', text: 'snake_case et 2*3', expected: 'snake_case et 2*3' },
    { name: 'quote at line start neutralised', text: '> cité\n> encore', expected: `${Z}&gt; cité\n${Z}&gt; encore` },
    { name: 'greater-than inside a line', text: 'a > b', expected: 'a &gt; b' },
    { name: 'control characters', text: '<!channel> & co', expected: '&lt;!channel&gt; &amp; co' },
  ];
  it.each(cases)('$name', ({ text, expected }) => {
    expect(escapeSlackMrkdwn(text)).toBe(expected);
  });
});

describe('slackLink', () => {
  const cases: { name: string; url: string; label?: string; expected: string }[] = [
    { name: 'bare', url: 'https://ex.fr/a', expected: '<https://ex.fr/a>' },
    { name: 'labelled', url: 'https://ex.fr/a', label: 'Lire', expected: '<https://ex.fr/a|Lire>' },
    { name: 'ampersand escaped in URL', url: 'https://ex.fr/?a=1&b=2', expected: '<https://ex.fr/?a=1&amp;b=2>' },
    { name: 'pipe and brackets encoded', url: 'https://ex.fr/a|b>c', expected: '<https://ex.fr/a%7Cb%3Ec>' },
    { name: 'label escaped', url: 'https://ex.fr/', label: '<!channel> & >', expected: '<https://ex.fr/|&lt;!channel&gt; &amp; &gt;>' },
  ];
  it.each(cases)('$name', ({ url, label, expected }) => {
    expect(slackLink(url, label)).toBe(expected);
  });
});

describe('truncateSlackMrkdwn', () => {
  const cases: { name: string; text: string; limit: number; expected: string }[] = [
    { name: 'fits', text: 'a &amp; b', limit: 9, expected: 'a &amp; b' },
    { name: 'no half entity', text: 'ab &amp; cd', limit: 6, expected: 'ab…' },
    { name: 'no unclosed link', text: 'ab <https://ex.fr|x> cd', limit: 10, expected: 'ab…' },
    { name: 'closed link kept', text: '<https://e.fr> abcdef', limit: 17, expected: '<https://e.fr> a…' },
  ];
  it.each(cases)('$name', ({ text, limit, expected }) => {
    const result = truncateSlackMrkdwn(text, limit);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(limit);
  });
});
