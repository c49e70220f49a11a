import { zonedDayEnd, zonedDayStart } from './zoned-day.js';
import type { DeliveryFilter, DeliveryStatus } from '../store/store.js';

/** The Posts page's GET parameters, read leniently: an empty or unknown value means "all". */
export interface PostsQuery {
  readonly watch?: string;
  readonly destination?: string;
  readonly status?: DeliveryStatus;
  /** YYYY-MM-DD, in `settings.timezone`. */
  readonly day?: string;
  readonly beforeId?: number;
  /** A `day` value that is not a day (shown, then ignored). */
  readonly badDay?: string;
}

export const POSTS_PAGE_SIZE = 100;

const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];

export function readPostsQuery(params: URLSearchParams): PostsQuery {
  const value = (name: string) => {
    const text = params.get(name)?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const watch = value('watch');
  const destination = value('destination');
  const status = STATUSES.find((candidate) => candidate === value('status'));
  const dayText = value('day');
  const day = dayText !== undefined && isDay(dayText) ? dayText : undefined;
  const before = value('before');
  const beforeId = before !== undefined && /^\d{1,15}$/.test(before) ? Number(before) : undefined;
  return {
    ...(watch === undefined ? {} : { watch }),
    ...(destination === undefined ? {} : { destination }),
    ...(status === undefined ? {} : { status }),
    ...(day === undefined ? {} : { day }),
    ...(beforeId === undefined ? {} : { beforeId }),
    ...(dayText !== undefined && day === undefined ? { badDay: dayText } : {}),
  };
}

function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** The store filter for a query: a day is [00:00, next 00:00) of enqueue time in `timeZone`. */
export function deliveryFilter(query: PostsQuery, limit: number, timeZone = 'UTC'): DeliveryFilter {
  const since = query.day === undefined ? undefined : new Date(zonedDayStart(query.day, timeZone)).toISOString();
  const until = query.day === undefined ? undefined : new Date(zonedDayEnd(query.day, timeZone)).toISOString();
  return {
    limit,
    ...(query.watch === undefined ? {} : { watch: query.watch }),
    ...(query.destination === undefined ? {} : { destination: query.destination }),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(since === undefined || until === undefined ? {} : { since, until }),
    ...(query.beforeId === undefined ? {} : { beforeId: query.beforeId }),
  };
}

/** The query string for a link that keeps the filters (and pages on with `before`). */
export function postsHref(query: PostsQuery, beforeId?: number): string {
  const params = new URLSearchParams();
  if (query.watch !== undefined) params.set('watch', query.watch);
  if (query.destination !== undefined) params.set('destination', query.destination);
  if (query.status !== undefined) params.set('status', query.status);
  if (query.day !== undefined) params.set('day', query.day);
  if (beforeId !== undefined) params.set('before', String(beforeId));
  const text = params.toString();
  return text === '' ? '/posts' : `/posts?${text}`;
}
