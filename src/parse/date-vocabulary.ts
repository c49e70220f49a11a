/**
 * Month names and abbreviations seen in RFC 822 dates written by hand or by localised CMSs
 * (English, French, Portuguese, Spanish, Italian, German, Dutch), lowercase without accents.
 * Four-letter keys are tried before three-letter ones (French `juin`/`juil`).
 */
const MONTHS_BY_PREFIX: ReadonlyMap<string, number> = new Map([
  ['juin', 6], ['juil', 7], ['janv', 1], ['fevr', 2], ['mars', 3], ['avri', 4], ['aout', 8],
  ['jan', 1], ['ene', 1], ['gen', 1],
  ['feb', 2], ['fev', 2],
  ['mar', 3], ['maa', 3], ['mrz', 3],
  ['apr', 4], ['avr', 4], ['abr', 4],
  ['may', 5], ['mai', 5], ['mag', 5], ['mei', 5],
  ['jun', 6], ['giu', 6],
  ['jul', 7], ['lug', 7],
  ['aug', 8], ['ago', 8], ['aou', 8],
  ['sep', 9], ['set', 9],
  ['oct', 10], ['okt', 10], ['out', 10], ['ott', 10],
  ['nov', 11],
  ['dec', 12], ['dez', 12], ['dic', 12],
]);

const ASCII_LETTERS = /^[A-Za-z]*$/;

/** Month number (1-12) of a month name or abbreviation, or undefined. */
export function monthNumber(name: string): number | undefined {
  // ASCII letters (most names) have no accents to strip: NFD would leave them as they are.
  const key = (ASCII_LETTERS.test(name) ? name : name.normalize('NFD').replace(/[\u0300-\u036f]/g, '')).toLowerCase();
  if (key.length < 3) return undefined;
  return MONTHS_BY_PREFIX.get(key.slice(0, 4)) ?? MONTHS_BY_PREFIX.get(key.slice(0, 3));
}

/** Offsets in minutes of the zone abbreviations feeds use (RFC 822's, plus European and a few others). */
const ZONE_OFFSETS: ReadonlyMap<string, number> = new Map([
  ['z', 0], ['ut', 0], ['utc', 0], ['gmt', 0], ['wet', 0],
  ['est', -300], ['edt', -240], ['cst', -360], ['cdt', -300], ['mst', -420], ['mdt', -360],
  ['pst', -480], ['pdt', -420], ['akst', -540], ['akdt', -480], ['hst', -600],
  ['bst', 60], ['west', 60], ['cet', 60], ['met', 60], ['mez', 60], ['cest', 120], ['mest', 120],
  ['mesz', 120], ['eet', 120], ['eest', 180], ['msk', 180], ['ist', 330], ['sgt', 480], ['hkt', 480],
  ['awst', 480], ['jst', 540], ['kst', 540], ['acst', 570], ['aest', 600], ['aedt', 660],
  ['nzst', 720], ['nzdt', 780],
]);

/**
 * Offset in minutes of a zone written as `Z`, `+0200`, `-03:00`, `+05` or an abbreviation.
 * Unknown abbreviations count as UTC (a date a few hours off beats no date).
 */
export function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === '') return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric !== null) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? '0');
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return ZONE_OFFSETS.get(zone.toLowerCase()) ?? 0;
}
