/** ISO 8601 with a time and an explicit offset: what the `Store` interface promises its callers pass. */
const ISO_8601_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * `value` in the one canonical form the store writes (`Date#toISOString()`: UTC, milliseconds, `Z`),
 * so that SQL can order and compare times as plain strings; undefined when `value` is not ISO 8601
 * with an offset, or names a date or time that does not exist (February 30, 25:00).
 */
export function canonicalIsoTime(value: string): string | undefined {
  // Already canonical (what veille itself passes): the round trip proves it.
  if (value.length === 24 && value.charCodeAt(23) === 0x5a /* Z */) {
    const time = Date.parse(value);
    if (!Number.isNaN(time) && new Date(time).toISOString() === value) return value;
  }
  const match = ISO_8601_WITH_OFFSET.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second = 0, , offsetHour = 0, offsetMinute = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  const wallClock = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day, hour, minute, second));
  const exists =
    wallClock.getUTCFullYear() === year &&
    wallClock.getUTCMonth() === (month ?? 0) - 1 &&
    wallClock.getUTCDate() === day &&
    wallClock.getUTCHours() === hour &&
    wallClock.getUTCMinutes() === minute &&
    wallClock.getUTCSeconds() === second &&
    offsetHour <= 23 &&
    offsetMinute <= 59;
  return exists ? new Date(Date.parse(value)).toISOString() : undefined;
}
