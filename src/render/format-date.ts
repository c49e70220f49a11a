/** Time zone used for dates shown in messages unless a destination sets another. */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

/** Throws a RangeError naming the zone when `timeZone` is not an IANA zone the runtime knows. */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('fr-FR', { timeZone });
  } catch {
    throw new RangeError(`unknown time zone "${timeZone}" (expected an IANA name such as "Europe/Paris")`);
  }
}

/**
 * An ISO 8601 instant as French readers write it, in `timeZone`: `5 mars 2024 à 14:30`.
 * Empty string when `iso` is not a valid date.
 */
export function formatPublished(iso: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')} à ${part('hour')}:${part('minute')}`;
}
