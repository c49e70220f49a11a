import { describe, expect, it } from 'vitest';
import { assertTimeZone, formatPublished } from '../../src/render/format-date.js';

describe('formatPublished', () => {
  const cases: { name: string; iso: string; timeZone?: string; expected: string }[] = [
    { name: 'Paris winter (UTC+1)', iso: '2024-03-05T13:30:00.000Z', expected: '5 mars 2024 à 14:30' },
    { name: 'Paris summer (UTC+2)', iso: '2024-08-15T06:05:00Z', expected: '15 août 2024 à 08:05' },
    { name: 'midnight is 00, not 24', iso: '2024-12-31T23:00:00Z', expected: '1 janvier 2025 à 00:00' },
    { name: 'other zone', iso: '2024-03-05T13:30:00Z', timeZone: 'America/Montreal', expected: '5 mars 2024 à 08:30' },
    { name: 'UTC', iso: '2024-02-01T09:00:00Z', timeZone: 'UTC', expected: '1 février 2024 à 09:00' },
    { name: 'invalid date', iso: 'pas une date', expected: '' },
  ];
  it.each(cases)('$name', ({ iso, timeZone, expected }) => {
    expect(formatPublished(iso, timeZone)).toBe(expected);
  });

  it('rejects an unknown time zone with its name', () => {
    expect(() => assertTimeZone('Europe/Pariss')).toThrow('unknown time zone "Europe/Pariss"');
    expect(() => assertTimeZone('Europe/Paris')).not.toThrow();
  });
});
