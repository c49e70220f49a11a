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
