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

  it('links keep the filters', () => {
    expect(postsHref({})).toBe('/posts');
    expect(postsHref({ watch: 'a b&c', status: 'pending' }, 40)).toBe('/posts?watch=a+b%26c&status=pending&before=40');
  });
});
