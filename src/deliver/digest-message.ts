import { createHash } from 'node:crypto';
import type { FeedItem } from '../parse/feed-item.js';
import type { SendResult } from './destination.js';
import { asDeliveryError } from './send-one-by-one.js';

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

/** One message of a rendered digest: the stories it holds (the next ones, in order) and how to post it. */
export interface DigestMessage {
  readonly stories: number;
  send(signal?: AbortSignal): Promise<SendResult>;
}

/** A rendered part of a digest: a kind's payload and how many stories it holds. */
export interface DigestPart<Body> {
  readonly body: Body;
  readonly stories: number;
}

/**
 * At most 25 characters naming one message of a digest whatever the attempt: the digest and the first
 * story it holds (a digest resumed after a crash renders the stories left, so a message keeps its key).
 */
export function digestPartKey(digest: Digest, firstStory: number): string {
  const story = digest.stories[firstStory]?.storyKey ?? '';
  return createHash('sha256').update(`${digest.key}\n${story}`).digest('base64url').slice(0, 25);
}

/** Turns a kind's rendered parts into messages posted by `post` (a throw is a failed send, never a rejection). */
export function digestMessages<Body>(
  destination: string,
  digest: Digest,
  parts: readonly DigestPart<Body>[],
  post: (body: Body, idempotencyKey: string, signal: AbortSignal | undefined) => Promise<void>,
): DigestMessage[] {
  let first = 0;
  return parts.map((part) => {
    const key = digestPartKey(digest, first);
    first += part.stories;
    return {
      stories: part.stories,
      async send(signal) {
        try {
          await post(part.body, key, signal);
          return { delivered: true } as const;
        } catch (error) {
          return { delivered: false, error: asDeliveryError(error, destination) } as const;
        }
      },
    };
  });
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
