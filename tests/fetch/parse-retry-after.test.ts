import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/fetch/fetch-feed.js';

const NOW = new Date('2025-01-15T12:00:00.000Z');

describe('parseRetryAfter', () => {
  it.each<[string | undefined, number | undefined]>([
    [undefined, undefined],
    ['', undefined],
    ['0', 0],
    ['120', 120_000],
    [' 3600 ', 3_600_000],
    ['1.5', undefined],
    ['-5', undefined],
    ['soon', undefined],
    ['99999999999999999999', undefined],
    // IMF-fixdate
    ['Wed, 15 Jan 2025 12:02:00 GMT', 120_000],
    ['wed, 15 jan 2025 13:00:00 gmt', 3_600_000],
    ['15 Jan 2025 12:00:30 GMT', 30_000],
    // in the past: retry now
    ['Wed, 15 Jan 2025 11:00:00 GMT', 0],
    ['Sun, 06 Nov 1994 08:49:37 GMT', 0],
    // obsolete RFC 850 and asctime forms
    ['Wednesday, 15-Jan-25 12:00:10 GMT', 10_000],
    ['Wed Jan 15 12:01:00 2025', 60_000],
    ['Sat Feb  1 12:00:00 2025', 17 * 86_400_000],
    // out-of-range fields are rejected, not rolled over
    ['Thu, 30 Feb 2025 12:00:00 GMT', undefined],
    ['Wed, 15 Jan 2025 25:00:00 GMT', undefined],
    ['Wed, 15 Foo 2025 12:00:00 GMT', undefined],
    ['Wed, 15 Jan 2025 12:02:00 PST', undefined],
  ])('%j -> %j', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});
