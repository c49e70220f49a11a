import { describe, expect, it } from 'vitest';
import { deliveryFilter, postsHref, readPostsQuery } from '../../src/web/posts-query.js';

describe('posts query', () => {
  it.each([
    ['', {}],
    ['watch=cloud&destination=discord&status=failed&day=2026-03-01&before=120', { watch: 'cloud', destination: 'discord', status: 'failed', day: '2026-03-01', beforeId: 120 }],
    ['watch=&destination=%20&status=&day=', {}],
    ['status=sent', {}],
    ['day=2026-02-30', { badDay: '2026-02-30' }],
    ['day=yesterday', { badDay: 'yesterday' }],
    ['before=-1', {}],
    ['before=1e3', {}],
  ])('reads %j', (search, expected) => {
    expect(readPostsQuery(new URLSearchParams(search))).toEqual(expected);
  });

  it('turns a day into a UTC range of enqueue times and asks one more than a page', () => {
    expect(deliveryFilter({ watch: 'ai', day: '2026-12-31', beforeId: 7 }, 101)).toEqual({
      limit: 101,
      watch: 'ai',
      since: '2026-12-31T00:00:00.000Z',
      until: '2027-01-01T00:00:00.000Z',
      beforeId: 7,
    });
    expect(deliveryFilter({ badDay: 'x' }, 5)).toEqual({ limit: 5 });
  });

  it.each([
    ['UTC', '2026-12-31', '2026-12-31T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['Europe/Paris', '2026-12-05', '2026-12-04T23:00:00.000Z', '2026-12-05T23:00:00.000Z'],
    ['Europe/Paris', '2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['Asia/Tokyo', '2026-12-05', '2026-12-04T15:00:00.000Z', '2026-12-05T15:00:00.000Z'],
    ['America/Sao_Paulo', '2026-07-01', '2026-07-01T03:00:00.000Z', '2026-07-02T03:00:00.000Z'],
    ['America/Havana', '2026-03-08', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
  ])('in %s, day %s runs from %s to %s (the time zone setting)', (zone, day, since, until) => {
    expect(deliveryFilter({ day }, 10, zone)).toEqual({ limit: 10, since, until });
  });

  it('links keep the filters', () => {
    expect(postsHref({})).toBe('/posts');
    expect(postsHref({ watch: 'a b&c', status: 'pending' }, 40)).toBe('/posts?watch=a+b%26c&status=pending&before=40');
  });
});
