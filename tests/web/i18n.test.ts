import { describe, expect, it } from 'vitest';
import { formatTime, messages, pickLocale } from '../../src/web/i18n.js';

describe('i18n', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    ['en-US,en;q=0.9,fr;q=0.8', 'en'],
    ['de-DE,de;q=0.9,fr;q=0.5,en;q=0.4', 'fr'],
    ['en;q=0.5, fr;q=0.8', 'fr'],
    ['fr;q=0, en', 'en'],
    ['FR-ca', 'fr'],
    ['de, es', 'en'],
    ['*', 'en'],
  ] as const)('pickLocale(%j) = %s', (header, expected) => {
    expect(pickLocale(header)).toBe(expected);
  });

  it('has the same messages in both languages', () => {
    expect(Object.keys(messages('fr')).sort()).toEqual(Object.keys(messages('en')).sort());
    expect(messages('fr').healthFailing(3)).toBe('en échec ×3');
    expect(messages('en').attempts(1)).toBe('1 attempt');
  });

  it('formats times in the configured zone', () => {
    expect(formatTime('2026-03-01T10:05:00.000Z', 'fr', 'Europe/Paris')).toBe('01/03/2026 11:05');
    expect(formatTime('2026-03-01T10:05:00.000Z', 'en', 'UTC')).toBe('01/03/2026, 10:05');
    expect(formatTime('not a time', 'en', 'UTC')).toBe('not a time');
  });
});
