import type { FeedItem } from '../parse/feed-item.js';

/*
 * What a digest holds for one destination, as every kind's pure digest renderer takes it
 * (deliver/<kind>/render/), and the shared ways of showing its times.
 */

/** One line of a digest: a collected match. */
export interface DigestLine {
  readonly item: FeedItem;
  /** The source that read it. */
  readonly source: string;
  readonly terms: readonly string[];
}

/** The lines of a digest sharing one story key (the same story from several sources), newest first. */
export interface DigestStory {
  readonly storyKey: string;
  readonly lines: readonly DigestLine[];
}

/** What a digest holds for one destination, ready for its kind's renderer. */
export interface Digest {
  readonly watch: string;
  /** The fire time of the digest (ISO 8601). */
  readonly period: string;
  /** The watch's colour (0xRRGGBB), for kinds that show one. */
  readonly color?: number;
  /** Newest story first (a story's place is its newest line's). */
  readonly stories: readonly DigestStory[];
  /** The same for every attempt at this digest at this destination (see `digestPartKey`). */
  readonly key: string;
}

/** A rendered part of a digest: a kind's payload and how many stories it holds. */
export interface DigestPart<Body> {
  readonly body: Body;
  readonly stories: number;
}

/** The time of a line as a digest shows it: `HH:MM` in `timeZone`, with the day when it is not the digest's. */
export function digestLineTime(published: string, period: string, timeZone: string): string {
  const date = new Date(published);
  if (Number.isNaN(date.getTime())) return '';
  const day = (at: Date) => new Intl.DateTimeFormat('fr-FR', { timeZone, day: 'numeric', month: 'short' }).format(at);
  const time = new Intl.DateTimeFormat('fr-FR', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  return day(date) === day(new Date(period)) ? time : `${day(date)} ${time}`;
}

/** The digest's day as its title shows it, in `timeZone`: `lundi 2 mars 2026`. */
export function digestDay(period: string, timeZone: string): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(period));
}

/** What a digest holds, as its title says it: `4 articles`, or `2 sujets, 5 articles` when stories group several. */
export function digestCount(digest: Digest): string {
  const stories = digest.stories.length;
  const items = digest.stories.reduce((sum, story) => sum + story.lines.length, 0);
  const articles = `${items} article${items === 1 ? '' : 's'}`;
  return stories === items ? articles : `${stories} sujet${stories === 1 ? '' : 's'}, ${articles}`;
}

/** A digest's title line: `Digest « cloud » · mardi 3 mars 2026 · 2 sujets, 5 articles`. */
export function digestHeading(digest: Digest, timeZone: string): string {
  return `Digest « ${digest.watch} » · ${digestDay(digest.period, timeZone)} · ${digestCount(digest)}`;
}

/**
 * Rendered lines joined by `separator`, as many as fit in `limit` code units together with a last
 * line counting the ones left out (`+2 autres`), so that a line (and a link in it) is never cut in
 * half. The first line is always kept, cut by `cutFirst` when it alone is too long.
 */
export function fitLines(lines: readonly string[], limit: number, separator: string, cutFirst: (line: string, limit: number) => string): string {
  const more = (left: number) => (left === 0 ? '' : `${separator}+${left} autre${left === 1 ? '' : 's'}`);
  // The most lines whose join, with the count of the others, fits (the count shrinks as lines are added).
  let kept = 0;
  let length = -separator.length;
  for (const [index, line] of lines.entries()) {
    length += separator.length + line.length;
    if (length > limit) break;
    if (length + more(lines.length - index - 1).length <= limit) kept = index + 1;
  }
  if (kept === 0) {
    const first = lines[0];
    if (first === undefined) return '';
    const tail = more(lines.length - 1);
    if (tail.length >= limit) return first.length <= limit ? first : cutFirst(first, limit);
    return cutFirst(first, limit - tail.length) + tail;
  }
  return lines.slice(0, kept).join(separator) + more(lines.length - kept);
}
