import { describe, expect, it } from 'vitest';
import { safeHttpUrl } from '../../src/render/safe-url.js';

describe('safeHttpUrl', () => {
  const cases: { name: string; raw: string | undefined; expected: string | undefined }[] = [
    { name: 'https kept', raw: 'https://www.example.fr/a?b=1#c', expected: 'https://www.example.fr/a?b=1#c' },
    { name: 'http kept', raw: 'http://example.fr/', expected: 'http://example.fr/' },
    { name: 'surrounding spaces trimmed', raw: '  https://example.fr/a  ', expected: 'https://example.fr/a' },
    { name: 'undefined', raw: undefined, expected: undefined },
    { name: 'javascript scheme refused', raw: 'javascript:alert(1)', expected: undefined },
    { name: 'data scheme refused', raw: 'data:text/html,x', expected: undefined },
    { name: 'ftp refused', raw: 'ftp://example.fr/', expected: undefined },
    { name: 'relative refused', raw: '/articles/1', expected: undefined },
    { name: 'credentials dropped', raw: 'https://user:pw@example.fr/a', expected: 'https://example.fr/a' },
    { name: 'accents percent-encoded', raw: 'https://example.fr/été', expected: 'https://example.fr/%C3%A9t%C3%A9' },
    { name: 'IDN host in punycode', raw: 'https://café.fr/', expected: 'https://xn--caf-dma.fr/' },
    { name: 'pipe, brackets, quotes encoded', raw: 'https://ex.fr/a|b<c>"d', expected: 'https://ex.fr/a%7Cb%3Cc%3E%22d' },
    { name: 'pipe in query encoded', raw: 'https://ex.fr/?q=a|b', expected: 'https://ex.fr/?q=a%7Cb' },
    { name: 'stray percent encoded', raw: 'https://ex.fr/100%', expected: 'https://ex.fr/100%25' },
    { name: 'existing escapes kept', raw: 'https://ex.fr/a%20b', expected: 'https://ex.fr/a%20b' },
    { name: 'too long refused', raw: `https://ex.fr/${'a'.repeat(2048)}`, expected: undefined },
  ];
  it.each(cases)('$name', ({ raw, expected }) => {
    expect(safeHttpUrl(raw)).toBe(expected);
  });
});
