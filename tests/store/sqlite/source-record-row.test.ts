import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { SourceRecord } from '../../../src/store/store.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const T0 = '2025-03-01T10:00:00.000Z';
const T1 = '2025-03-01T11:00:00.000Z';
const T2 = '2025-03-01T12:00:00.000Z';
const T3 = '2025-03-01T13:00:00.000Z';
const T4 = '2025-03-01T14:00:00.000Z';

/** Every column of `sources` (and a claim), written directly: the record is read from raw rows by position. */
const cases: { name: string; columns: Record<string, string | number | null>; claim?: string; record: SourceRecord }[] = [
  {
    name: 'every column set',
    columns: {
      url: 'https://a.example/rss', seeded: 1, etag: '"e"', last_modified: 'Sat, 01 Mar 2025 09:00:00 GMT', body_hash: 'ab12',
      last_attempt_at: T0, last_success_at: T1, last_new_item_at: T2, consecutive_failures: 3, last_error_kind: 'timeout',
      last_error_message: 'no answer in 10 s', last_error_at: T3, next_attempt_at: T4, items_seen: 42, health: 'failing',
      feed_hints: '{"ttlMs":3600000,"maxAgeMs":60000}',
    },
    claim: 'replica-b',
    record: {
      name: 'a', url: 'https://a.example/rss', seeded: true,
      validators: { etag: '"e"', lastModified: 'Sat, 01 Mar 2025 09:00:00 GMT', bodyHash: 'ab12' },
      lastAttemptAt: T0, lastSuccessAt: T1, lastNewItemAt: T2, consecutiveFailures: 3,
      lastError: { kind: 'timeout', message: 'no answer in 10 s', at: T3 }, nextAttemptAt: T4, itemsSeen: 42, health: 'failing',
      feedHints: { ttlMs: 3_600_000, maxAgeMs: 60_000 }, lastReadBy: 'replica-b',
    },
  },
  {
    name: 'only what a new source has',
    columns: { url: 'https://a.example/rss' },
    record: { name: 'a', url: 'https://a.example/rss', seeded: false, validators: {}, consecutiveFailures: 0, itemsSeen: 0, health: 'ok' },
  },
  {
    name: 'an error without its time is no error; hints that are not JSON are none',
    columns: { url: 'https://a.example/rss', seeded: 1, last_modified: 'Sat, 01 Mar 2025 09:00:00 GMT', last_error_kind: 'timeout', last_error_message: 'x', feed_hints: 'not json', health: 'stale' },
    record: { name: 'a', url: 'https://a.example/rss', seeded: true, validators: { lastModified: 'Sat, 01 Mar 2025 09:00:00 GMT' }, consecutiveFailures: 0, itemsSeen: 0, health: 'stale' },
  },
];

describe('SQLite: a source record from its raw row', () => {
  const tempDir = useTempDirs();

  it.each(cases)('$name: getSource and listSources give the same exact record', async ({ columns, claim, record }) => {
    const path = join(await tempDir(), 'state.db');
    await openSqliteStore(path).close();
    const db = new Database(path);
    const names = ['name', ...Object.keys(columns)];
    db.prepare(`INSERT INTO sources (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run('a', ...Object.values(columns));
    if (claim !== undefined) db.prepare('INSERT INTO source_claims (name, replica, tick, expires_at) VALUES (?, ?, ?, ?)').run('a', claim, T0, T1);
    db.close();
    const store = openSqliteStore(path);
    try {
      expect(await store.getSource('a')).toStrictEqual(record);
      expect(await store.listSources()).toStrictEqual([record]);
      expect(await store.getSource('b')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
