import { describe, expect, it } from 'vitest';
import { monthNumber, zoneOffsetMinutes } from '../../src/parse/date-vocabulary.js';
import { parseFeedDate } from '../../src/parse/parse-feed-date.js';

// The implementation before its fast paths (white space folded only when needed, ASCII month names
// without NFD, month lengths without a Date), kept as the reference: same result on every input.
const FOUR_DIGIT_YEAR = /\b\d{4}\b/;
const ISO_8601 =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC_822 =
  /^(?:[^\d\s,]+,?\s+)?(\d{1,2})(?:er)?\s+([^\d\s,]+?)\.?,?\s+(\d{2,4}),?(?:\s+(?:à\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2}))?(?:\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2}))?)?(?:\s*\([^)]*\))?$/i;
const MONTHS = new Map([
  ['juin', 6], ['juil', 7], ['janv', 1], ['fevr', 2], ['mars', 3], ['avri', 4], ['aout', 8], ['jan', 1], ['ene', 1], ['gen', 1],
  ['feb', 2], ['fev', 2], ['mar', 3], ['maa', 3], ['mrz', 3], ['apr', 4], ['avr', 4], ['abr', 4], ['may', 5], ['mai', 5], ['mag', 5],
  ['mei', 5], ['jun', 6], ['giu', 6], ['jul', 7], ['lug', 7], ['aug', 8], ['ago', 8], ['aou', 8], ['sep', 9], ['set', 9], ['oct', 10],
  ['okt', 10], ['out', 10], ['ott', 10], ['nov', 11], ['dec', 12], ['dez', 12], ['dic', 12],
]);
function referenceMonth(name: string): number | undefined {
  const key = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  if (key.length < 3) return undefined;
  return MONTHS.get(key.slice(0, 4)) ?? MONTHS.get(key.slice(0, 3));
}
function referenceUtc(year: number, month: number, day: number, hour?: string, minute?: string, second?: string, fraction?: string, zone?: string): number | undefined {
  const h = Number(hour ?? '0');
  const m = Number(minute ?? '0');
  const s = Number(second ?? '0');
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate() || h > 24 || m > 59 || s > 60) return undefined;
  return Date.UTC(year, month - 1, day, h, m, s, ms) - zoneOffsetMinutes(zone) * 60_000;
}
function reference(raw: string): number | undefined {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (text === '' || text.length > 100) return undefined;
  const iso = ISO_8601.exec(text);
  if (iso !== null) {
    const [, year, month, day, hour, minute, second, fraction, zone] = iso;
    return referenceUtc(Number(year), Number(month), Number(day), hour, minute, second, fraction, zone);
  }
  const rfc = RFC_822.exec(text);
  if (rfc !== null) {
    const [, day, monthName = '', year = '', hour, minute, second, zone] = rfc;
    const month = referenceMonth(monthName);
    const full = year.length > 2 ? Number(year) : Number(year) < 50 ? 2000 + Number(year) : 1900 + Number(year);
    if (month !== undefined) return referenceUtc(full, month, Number(day), hour, minute, second, undefined, zone);
  }
  const fallback = FOUR_DIGIT_YEAR.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isFinite(fallback) ? fallback : undefined;
}

/** A small deterministic generator (no dependency on test order). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('parseFeedDate, fast paths', () => {
  const next = random(16);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const spaces = [' ', ' ', ' ', '  ', '\t', '\n', '\u00a0', ' \r\n '];
  const months = ['Jan', 'Feb', 'feb', 'FEB', 'Mar', 'févr.', 'Févr', 'août', 'AOÛT', 'juil.', 'Dez', 'Mrz', 'xyz', 'Ma', 'März', 'fevr', 'ene', 'décembre'];
  const years = ['00', '04', '49', '50', '96', '99', '1900', '1996', '2000', '2023', '2024', '2100', '0000', '0004', '0096', '0100', '0400'];
  const days = ['0', '1', '01', '28', '29', '30', '31', '32', '1er'];
  const zones = ['', ' GMT', ' +0200', ' -03:00', ' CEST', ' Z', ' XYZ', ' +05'];

  it('reads every generated RFC 822 and ISO date as before', () => {
    const inputs: string[] = [];
    for (let index = 0; index < 20_000; index += 1) {
      const s = () => pick(spaces);
      if (next() < 0.5) {
        const weekday = next() < 0.5 ? `${pick(['Wed,', 'lun.,', 'Mardi', 'Sat'])}${s()}` : '';
        const time = next() < 0.8 ? `${s()}${pick(['09', '9', '23', '24', '25'])}${pick([':', 'h'])}${pick(['00', '15', '59', '60'])}${next() < 0.5 ? `:${pick(['00', '59', '60', '61'])}` : ''}${pick(zones)}` : '';
        inputs.push(`${next() < 0.2 ? s() : ''}${weekday}${pick(days)}${s()}${pick(months)}${s()}${pick(years)}${time}${next() < 0.2 ? s() : ''}`);
      } else {
        const year = pick(['2024', '2023', '1900', '2000', '2100', '0000', '0004', '0100', '0400', '0096']);
        const month = pick(['01', '02', '2', '12', '13', '00']);
        const time = next() < 0.7 ? `${pick(['T', ' ', '  ', '\t'])}${pick(['00', '9', '23', '24'])}:${pick(['00', '59', '60'])}${next() < 0.5 ? `:${pick(['00', '60', '61'])}${next() < 0.3 ? '.123456' : ''}` : ''}` : '';
        inputs.push(`${year}-${month}-${pick(days.slice(0, 8))}${time}${pick(['', 'Z', '+02:00', ' UTC', '-0500'])}`);
      }
    }
    for (const input of inputs) expect(parseFeedDate(input), JSON.stringify(input)).toBe(reference(input));
    // Most are dates, some are not (day 32, February 29 of a common year, hour 25...).
    const read = inputs.filter((input) => reference(input) !== undefined).length;
    expect(read).toBeGreaterThan(5_000);
    expect(read).toBeLessThan(19_000);
  });

  it('reads every month name as before', () => {
    for (const name of [...months, 'june', 'JUIN', 'juillet', 'Ago', 'set.', 'ab', '', 'é', 'Äpr', 'mei', 'ﬀeb']) {
      expect(monthNumber(name), name).toBe(referenceMonth(name));
    }
  });

  it('folds white space only where it changes the text', () => {
    for (const input of ['Wed, 27 Mar 2024 09:15:00 GMT', 'Wed,  27 Mar 2024', 'Wed,\t27 Mar 2024', '\u00a0Wed, 27\u2003Mar 2024\ufeff', '2024-03-27  09:15', '2024-02-29\n10:00']) {
      expect(parseFeedDate(input), JSON.stringify(input)).toBe(reference(input));
    }
  });
});
