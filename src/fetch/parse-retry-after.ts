const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

/** IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT` (day name optional, 1- or 2-digit day tolerated). */
const IMF_FIXDATE = /^(?:[a-z]{3}, )?(\d{1,2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
/** Obsolete RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`. */
const RFC_850 = /^[a-z]+, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
/** Obsolete asctime: `Sun Nov  6 08:49:37 1994` (always UTC). */
const ASCTIME = /^[a-z]{3} ([a-z]{3}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;

/**
 * Parse a Retry-After header (RFC 9110 §10.2.3) into a delay in milliseconds from `now`:
 * either delay-seconds (`120`) or an HTTP-date (a date in the past gives 0).
 * Returns undefined when the header is absent or not in one of those forms.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const ms = Number(text) * 1000;
    return Number.isSafeInteger(ms) ? ms : undefined;
  }
  const date = parseHttpDate(text);
  if (date === undefined) return undefined;
  return Math.max(0, date - now.getTime());
}

/** An HTTP-date (any of the three RFC 9110 forms) to epoch milliseconds, or undefined. */
function parseHttpDate(text: string): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match !== null) {
    const [, day, month, year, hour, minute, second] = match;
    return utc(year, month, day, hour, minute, second);
  }
  match = RFC_850.exec(text);
  if (match !== null) {
    const [, day, month, yy, hour, minute, second] = match;
    const twoDigits = Number(yy);
    // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
    const year = String(twoDigits < 70 ? 2000 + twoDigits : 1900 + twoDigits);
    return utc(year, month, day, hour, minute, second);
  }
  match = ASCTIME.exec(text);
  if (match !== null) {
    const [, month, day, hour, minute, second, year] = match;
    return utc(year, month, day, hour, minute, second);
  }
  return undefined;
}

function utc(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
): number | undefined {
  const monthIndex = MONTHS.indexOf((month ?? '').toLowerCase() as (typeof MONTHS)[number]);
  if (monthIndex === -1) return undefined;
  const parts = [year, day, hour, minute, second].map(Number);
  const [y = NaN, d = NaN, h = NaN, mi = NaN, s = NaN] = parts;
  const time = Date.UTC(y, monthIndex, d, h, mi, s);
  const check = new Date(time);
  // Reject out-of-range fields (Feb 30, 25:00...) instead of letting Date roll them over.
  const valid =
    check.getUTCFullYear() === y &&
    check.getUTCMonth() === monthIndex &&
    check.getUTCDate() === d &&
    check.getUTCHours() === h &&
    check.getUTCMinutes() === mi &&
    check.getUTCSeconds() === s;
  return valid ? time : undefined;
}
