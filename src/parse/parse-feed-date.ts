import { foldWhitespace } from './clean-text.js';
import { monthNumber, zoneOffsetMinutes } from './date-vocabulary.js';

/** Longer values are not dates (and must not cost regex time). */
const MAX_DATE_LENGTH = 100;

const FOUR_DIGIT_YEAR = /\b\d{4}\b/;

const ISO_8601 =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/** `[weekday,] day month year [time [zone]] [(comment)]`, with localised names and `14h30`. */
const RFC_822 =
  /^(?:[^\d\s,]+,?\s+)?(\d{1,2})(?:er)?\s+([^\d\s,]+?)\.?,?\s+(\d{2,4}),?(?:\s+(?:à\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2}))?(?:\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2}))?)?(?:\s*\([^)]*\))?$/i;

/**
 * A feed date to epoch milliseconds: ISO 8601 / RFC 3339 (no zone = UTC), RFC 822 with English or
 * localised names and European zone abbreviations, else whatever `Date.parse` accepts.
 * Undefined when nothing reads it.
 */
export function parseFeedDate(raw: string): number | undefined {
  // Lone spaces (most dates have only those) are left as they are, not matched and rewritten.
  const text = foldWhitespace(raw);
  if (text === '' || text.length > MAX_DATE_LENGTH) return undefined;
  const iso = ISO_8601.exec(text);
  if (iso !== null) {
    const [, year, month, day, hour, minute, second, fraction, zone] = iso;
    return utc(Number(year), Number(month), Number(day), hour, minute, second, fraction, zone);
  }
  const rfc = RFC_822.exec(text);
  if (rfc !== null) {
    const [, day, monthName = '', year = '', hour, minute, second, zone] = rfc;
    const month = monthNumber(monthName);
    if (month !== undefined) return utc(fullYear(year), month, Number(day), hour, minute, second, undefined, zone);
  }
  // V8 guesses a year when there is none ("lundi 25 mars" is 2001): only trust it with one.
  const fallback = FOUR_DIGIT_YEAR.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isFinite(fallback) ? fallback : undefined;
}

function utc(
  year: number,
  month: number,
  day: number,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  fraction: string | undefined,
  zone: string | undefined,
): number | undefined {
  const h = Number(hour ?? '0');
  const m = Number(minute ?? '0');
  const s = Number(second ?? '0');
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || h > 24 || m > 59 || s > 60) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, h, m, s, ms) - zoneOffsetMinutes(zone) * 60_000;
}

function fullYear(year: string): number {
  const value = Number(year);
  if (year.length > 2) return value;
  return value < 50 ? 2000 + value : 1900 + value;
}

/** Days of each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** As `new Date(Date.UTC(year, month, 0)).getUTCDate()` for month 1-12, without a Date: `Date.UTC` reads years 0-99 as 1900-1999. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1] ?? Number.NaN;
  const y = year >= 0 && year <= 99 ? 1900 + year : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}
