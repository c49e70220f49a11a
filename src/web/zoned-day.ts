/**
 * Calendar days in a time zone (pure, Intl only): the page's day filter and per-day charts count
 * days in `settings.timezone`, not UTC.
 */

const partFormatters = new Map<string, Intl.DateTimeFormat>();
function parts(timeZone: string): Intl.DateTimeFormat {
  let found = partFormatters.get(timeZone);
  if (found === undefined) {
    found = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    partFormatters.set(timeZone, found);
  }
  return found;
}

/** The wall-clock time of `epochMs` in `timeZone`, as if it were UTC (ms). */
function wallClock(epochMs: number, timeZone: string): number {
  const values: Record<string, number> = {};
  for (const part of parts(timeZone).formatToParts(new Date(epochMs))) values[part.type] = Number(part.value);
  return Date.UTC(values['year'] ?? 1970, (values['month'] ?? 1) - 1, values['day'] ?? 1, values['hour'] ?? 0, values['minute'] ?? 0, values['second'] ?? 0);
}

/** `YYYY-MM-DD` of `epochMs` in `timeZone`. */
export function zonedDay(epochMs: number, timeZone: string): string {
  return new Date(wallClock(epochMs, timeZone)).toISOString().slice(0, 10);
}

/**
 * The first instant of `day` (YYYY-MM-DD) in `timeZone`, as epoch ms: local midnight, or the first
 * time that exists when a clock change skips midnight.
 */
export function zonedDayStart(day: string, timeZone: string): number {
  const midnight = Date.parse(`${day}T00:00:00.000Z`);
  // Two passes: the offset at the first guess may differ from the one at local midnight (DST).
  let guess = midnight - (wallClock(midnight, timeZone) - midnight);
  guess = midnight - (wallClock(guess, timeZone) - guess);
  // Midnight skipped by a clock change: the guess lands on the previous day; step to the next hour.
  while (zonedDay(guess, timeZone) < day) guess += 3_600_000;
  return guess;
}

/** The instant after `day` in `timeZone` (the start of the next local day). */
export function zonedDayEnd(day: string, timeZone: string): number {
  const next = new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
  return zonedDayStart(next, timeZone);
}
