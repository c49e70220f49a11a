import { describe, expect, it } from 'vitest';
import { escapeDiscordMarkdown, neutraliseDiscordMentions, truncateDiscordMarkdown } from '../../../src/deliver/discord/render/discord-escape.js';
import { FRENCH_TEXT } from '../../render/delivery-fixture.js';

const Z = '\u200B';

describe('escapeDiscordMarkdown', () => {
  const cases: { name: string; text: string; expected: string }[] = [
    { name: 'plain text unchanged', text: 'Le cloud progresse', expected: 'Le cloud progresse' },
    { name: 'French typography unchanged', text: FRENCH_TEXT, expected: FRENCH_TEXT },
    { name: 'bold/italic', text: '*gras* _it_', expected: '\\*gras\\* \\_it\\_' },
    { name: 'strike, code, spoiler', text: '~~x~~ `c` ||s||', expected: '\\~\\~x\\~\\~ \\`c\\` \\|\\|s\\|\\|' },
    { name: 'backslash', text: 'a\\b', expected: 'a\\\\b' },
    { name: 'masked link broken', text: '[x](http://evil.example)', expected: '\\[x\\](http://evil.example)' },
    { name: 'heading at start', text: '# Titre', expected: '\\# Titre' },
    { name: 'heading after newline', text: 'a\n## b', expected: 'a\n\\## b' },
    { name: 'hash inside a line kept', text: 'C# et F#', expected: 'C# et F#' },
    { name: 'quote at start', text: '> cité', expected: '\\> cité' },
    { name: 'subtext at start', text: '-# petit', expected: '\\-# petit' },
    { name: 'list markers at start', text: '- a\n+ b\n1. c', expected: '\\- a\n\\+ b\n1\\. c' },
    { name: 'hyphen inside a line kept', text: 'Wi-Fi 6 - 2024', expected: 'Wi-Fi 6 - 2024' },
    { name: 'indented marker', text: '  - a', expected: '  \\- a' },
    { name: '@everyone and @here', text: '@everyone @Here', expected: `@${Z}everyone @${Z}Here` },
    { name: 'user, role, channel mentions', text: '<@1> <@!2> <@&3> <#4>', expected: `<${Z}@1> <${Z}@!2> <${Z}@&3> <${Z}#4>` },
    { name: 'URL kept intact', text: 'voir https://ex.fr/a_b*c?d=1', expected: 'voir https://ex.fr/a_b*c?d=1' },
    { name: 'text after URL escaped', text: 'https://ex.fr/x *y*', expected: 'https://ex.fr/x \\*y\\*' },
  ];
  it.each(cases)('$name', ({ text, expected }) => {
    expect(escapeDiscordMarkdown(text)).toBe(expected);
  });
});

describe('neutraliseDiscordMentions', () => {
  it('only touches mentions', () => {
    expect(neutraliseDiscordMentions('*a* @everyone <@&1> [x](y)')).toBe(`*a* @${Z}everyone <${Z}@&1> [x](y)`);
  });
});

describe('truncateDiscordMarkdown', () => {
  const cases: { name: string; text: string; limit: number; expected: string }[] = [
    { name: 'fits', text: 'a\\*b', limit: 4, expected: 'a\\*b' },
    { name: 'no dangling backslash', text: 'ab\\*cd', limit: 4, expected: 'ab…' },
    { name: 'escaped backslash kept', text: 'a\\\\bcd', limit: 4, expected: 'a\\\\…' },
  ];
  it.each(cases)('$name', ({ text, limit, expected }) => {
    const result = truncateDiscordMarkdown(text, limit);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(limit);
  });
});
