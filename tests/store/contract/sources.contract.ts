import { describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../../src/store/store.js';
import { T0, T1, T2, T3, feedItem, success } from '../helpers/store-fixtures.js';
import type { ContractEngine } from './contract-engine.js';

const URL = 'https://lwn.example/feed.xml';

export function sourcesContract(engine: ContractEngine): void {
  describe('source state', () => {
    const open = () => engine.open();

    it('an unknown source is undefined, and no source is listed at first', async () => {
      const { store } = await open();
      expect(await store.getSource('lwn')).toBeUndefined();
      expect(await store.listSources()).toEqual([]);
    });

    it('commitSourceSuccess records the read: seeded, validators, times, counts, no error', async () => {
      const { store } = await open();
      await store.commitSourceSuccess({
        ...success('lwn', T0, [feedItem('lwn', 'a'), feedItem('lwn', 'b')]),
        url: URL,
        validators: { etag: '"v1"', lastModified: 'Sat, 01 Mar 2025 09:00:00 GMT', bodyHash: 'aa11' },
      });

      expect(await store.getSource('lwn')).toEqual<SourceRecord>({
        name: 'lwn',
        url: URL,
        seeded: true,
        validators: { etag: '"v1"', lastModified: 'Sat, 01 Mar 2025 09:00:00 GMT', bodyHash: 'aa11' },
        lastAttemptAt: T0,
        lastSuccessAt: T0,
        lastNewItemAt: T0,
        consecutiveFailures: 0,
        itemsSeen: 2,
        health: 'ok',
      });
    });

    it('a later success replaces the validators, adds to itemsSeen, and keeps lastNewItemAt when nothing is new', async () => {
      const { store } = await open();
      await store.commitSourceSuccess({ ...success('lwn', T0, [feedItem('lwn', 'a')]), validators: { etag: '"v1"', bodyHash: 'aa11' } });
      await store.commitSourceSuccess({ ...success('lwn', T1, [feedItem('lwn', 'b'), feedItem('lwn', 'c')]), validators: { bodyHash: 'bb22' } });
      await store.commitSourceSuccess({ ...success('lwn', T2, []), validators: { bodyHash: 'cc33' } });

      expect(await store.getSource('lwn')).toMatchObject({
        validators: { bodyHash: 'cc33' },
        lastAttemptAt: T2,
        lastSuccessAt: T2,
        lastNewItemAt: T1,
        itemsSeen: 3,
        health: 'ok',
      });
      expect((await store.getSource('lwn'))?.validators).toEqual({ bodyHash: 'cc33' });
    });

    it('recordFailure creates a missing source unseeded and counts the streak; success resets it', async () => {
      const { store } = await open();
      await store.recordFailure('lwn', URL, { kind: 'timeout', message: 'timed out after 30 s', at: T0, nextAttemptAt: T1 });
      expect(await store.getSource('lwn')).toEqual<SourceRecord>({
        name: 'lwn',
        url: URL,
        seeded: false,
        validators: {},
        lastAttemptAt: T0,
        consecutiveFailures: 1,
        lastError: { kind: 'timeout', message: 'timed out after 30 s', at: T0 },
        nextAttemptAt: T1,
        itemsSeen: 0,
        health: 'ok',
      });

      await store.recordFailure('lwn', URL, { kind: 'http-status', message: 'HTTP 503', at: T1 });
      expect(await store.getSource('lwn')).toEqual<SourceRecord>({
        name: 'lwn',
        url: URL,
        seeded: false,
        validators: {},
        lastAttemptAt: T1,
        consecutiveFailures: 2,
        lastError: { kind: 'http-status', message: 'HTTP 503', at: T1 },
        itemsSeen: 0,
        health: 'ok',
      });

      await store.commitSourceSuccess({ ...success('lwn', T2, [feedItem('lwn', 'a')]), url: URL });
      expect(await store.getSource('lwn')).toEqual<SourceRecord>({
        name: 'lwn',
        url: URL,
        seeded: true,
        validators: {},
        lastAttemptAt: T2,
        lastSuccessAt: T2,
        lastNewItemAt: T2,
        consecutiveFailures: 0,
        itemsSeen: 1,
        health: 'ok',
      });
    });

    it('recordFailure on a seeded source keeps it seeded, its validators and its success times', async () => {
      const { store } = await open();
      await store.commitSourceSuccess({ ...success('lwn', T0, [feedItem('lwn', 'a')]), url: URL, validators: { etag: '"v1"' } });
      await store.recordFailure('lwn', URL, { kind: 'malformed-xml', message: 'unclosed tag', at: T1, nextAttemptAt: T2 });

      expect(await store.getSource('lwn')).toEqual<SourceRecord>({
        name: 'lwn',
        url: URL,
        seeded: true,
        validators: { etag: '"v1"' },
        lastAttemptAt: T1,
        lastSuccessAt: T0,
        lastNewItemAt: T0,
        consecutiveFailures: 1,
        lastError: { kind: 'malformed-xml', message: 'unclosed tag', at: T1 },
        nextAttemptAt: T2,
        itemsSeen: 1,
        health: 'ok',
      });
    });

    it('recordUnchanged is a success without new items: streak and error cleared, validators kept unless replaced', async () => {
      const { store } = await open();
      await store.commitSourceSuccess({
        ...success('lwn', T0, [feedItem('lwn', 'a')]),
        url: URL,
        validators: { etag: '"v1"', lastModified: 'Sat, 01 Mar 2025 09:00:00 GMT', bodyHash: 'aa11' },
      });
      await store.recordFailure('lwn', URL, { kind: 'connect', message: 'ECONNRESET', at: T1, nextAttemptAt: T2 });
      // A 304 that repeats only the ETag, with a new value.
      await store.recordUnchanged('lwn', URL, T3, { etag: '"v2"' });

      expect(await store.getSource('lwn')).toEqual<SourceRecord>({
        name: 'lwn',
        url: URL,
        seeded: true,
        validators: { etag: '"v2"', lastModified: 'Sat, 01 Mar 2025 09:00:00 GMT', bodyHash: 'aa11' },
        lastAttemptAt: T3,
        lastSuccessAt: T3,
        lastNewItemAt: T0,
        consecutiveFailures: 0,
        itemsSeen: 1,
        health: 'ok',
      });
    });

    it('records the configured url of every read, so a changed url shows up', async () => {
      const { store } = await open();
      await store.commitSourceSuccess({ ...success('lwn', T0, []), url: 'https://old.example/rss' });
      await store.recordUnchanged('lwn', 'https://new.example/rss', T1, {});
      expect((await store.getSource('lwn'))?.url).toBe('https://new.example/rss');
      await store.recordFailure('lwn', 'https://newer.example/rss', { kind: 'connect', message: 'refused', at: T2 });
      expect((await store.getSource('lwn'))?.url).toBe('https://newer.example/rss');
    });

    it('recordUnchanged of several sources at once (not awaited one by one): each recorded, the later of one source wins', async () => {
      const { store } = await open();
      await store.commitSourceSuccess({ ...success('lwn', T0, [feedItem('lwn', 'a')]), url: URL, validators: { etag: '"v1"', bodyHash: 'aa11' } });
      await Promise.all([
        store.recordUnchanged('lwn', URL, T1, { lastModified: 'Sat, 01 Mar 2025 09:00:00 GMT' }),
        store.recordUnchanged('hn', 'https://hn.example/rss', T1, { etag: '"h1"' }),
        store.recordUnchanged('lwn', URL, T2, { etag: '"v2"' }),
        store.recordUnchanged('ars', 'https://ars.example/rss', T2, {}),
      ]);
      const records = await store.listSources();
      expect(records.map((r) => [r.name, r.seeded, r.validators, r.lastSuccessAt])).toEqual([
        ['ars', false, {}, T2],
        ['hn', false, { etag: '"h1"' }, T1],
        ['lwn', true, { etag: '"v2"', lastModified: 'Sat, 01 Mar 2025 09:00:00 GMT', bodyHash: 'aa11' }, T2],
      ]);
    });

    it('getSources gives the records of the known sources among the names, as getSource does', async () => {
      const { store } = await open();
      await store.commitSourceSuccess({ ...success('lwn', T0, [feedItem('lwn', 'a')]), url: URL, validators: { etag: '"v1"' } });
      await store.recordFailure('hn', 'https://hn.example/rss', { kind: 'timeout', message: 't', at: T1, nextAttemptAt: T2 });
      await store.recordUnchanged('ars', 'https://ars.example/rss', T1, {});
      const records = await store.getSources(['hn', 'nope', 'lwn', 'hn']);
      expect([...records.keys()].sort()).toEqual(['hn', 'lwn']);
      expect(records.get('lwn')).toEqual(await store.getSource('lwn'));
      expect(records.get('hn')).toEqual(await store.getSource('hn'));
      expect((await store.getSources([])).size).toBe(0);
    });

    it('lists every source by name', async () => {
      const { store } = await open();
      await store.recordFailure('zdnet', 'https://zdnet.example/rss', { kind: 'timeout', message: 't', at: T0 });
      await store.commitSourceSuccess(success('ars', T0, [feedItem('ars', 'a')]));
      await store.commitSourceSuccess(success('empty', T0, []));
      await store.recordUnchanged('lwn', URL, T0, {});

      // A read that listed nothing does not seed.
      expect((await store.listSources()).map((source) => [source.name, source.seeded])).toEqual([
        ['ars', true],
        ['empty', false],
        ['lwn', false],
        ['zdnet', false],
      ]);
    });

    it('stores times in one canonical UTC form, whatever offset they were given in', async () => {
      const { store } = await open();
      await store.recordFailure('lwn', URL, {
        kind: 'timeout',
        message: 't',
        at: '2025-03-01T11:00:00+01:00',
        nextAttemptAt: '2025-03-01T10:30Z',
      });
      expect(await store.getSource('lwn')).toMatchObject({
        lastAttemptAt: '2025-03-01T10:00:00.000Z',
        nextAttemptAt: '2025-03-01T10:30:00.000Z',
      });
    });

    it.each([
      { at: 'yesterday' },
      { at: '2025-03-01' },
      { at: '2025-03-01T10:00:00' },
      { at: '2025-02-30T10:00:00Z' },
    ])('rejects a time that is not ISO 8601 with an offset: $at', async ({ at }) => {
      const { store, path } = await open();
      await expect(store.recordUnchanged('lwn', URL, at, {})).rejects.toMatchObject({
        name: 'StoreError',
        kind: 'invalid-input',
        operation: 'recordUnchanged',
        path,
        message: `recordUnchanged: at is not an ISO 8601 time with an offset: ${JSON.stringify(at)}`,
      });
      expect(await store.getSource('lwn')).toBeUndefined();
    });
  });
}
