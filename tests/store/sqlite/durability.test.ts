import { spawnSync } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { compileStore } from '../helpers/compile-store.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

/**
 * The child runs the real store (transpiled to JS), commits a first read of `lwn` with two posted
 * items, and is then SIGKILLed: either right after the commit returned, or in the middle of a
 * second commit (from inside the transaction, while serialising an item).
 */

function childScript(storeModuleUrl: string, statePath: string, crash: 'after-commit' | 'mid-transaction'): string {
  return `
import { openSqliteStore } from ${JSON.stringify(storeModuleUrl)};

const item = (id) => ({
  id, storyKey: 'https://news.example/' + id, source: 'lwn', title: 'Title ' + id, link: 'https://news.example/' + id,
  summary: '', categories: [], published: '2025-03-01T09:00:00.000Z', publishedFromFeed: true,
});
const deliveries = [{ destination: 'discord', watch: 'rust', terms: ['rust'] }];
const store = openSqliteStore(${JSON.stringify(statePath)});
const result = await store.commitSourceSuccess({
  source: 'lwn', url: 'https://lwn.example/feed.xml', at: '2025-03-01T10:00:00.000Z', validators: { etag: '"v1"' },
  items: [item('a'), item('b')].map((item) => ({ item, deliveries })),
});
process.stdout.write(JSON.stringify(result) + '\\n');
if (${JSON.stringify(crash)} === 'after-commit') process.kill(process.pid, 'SIGKILL');

const crashing = { ...item('c'), toJSON() { process.kill(process.pid, 'SIGKILL'); } };
await store.commitSourceSuccess({
  source: 'lwn', url: 'https://lwn.example/feed.xml', at: '2025-03-01T11:00:00.000Z', validators: { etag: '"v2"' },
  items: [item('d'), crashing].map((item) => ({ item, deliveries })),
});
process.stdout.write('not reached\\n');
`;
}

describe('durability across a crash', () => {
  const tempDir = useTempDirs();

  it.each(['after-commit', 'mid-transaction'] as const)(
    'SIGKILL %s: the committed read is there (replayed from the WAL), nothing uncommitted is',
    async (crash) => {
      const dir = await tempDir();
      const storeModule = await compileStore(join(dir, 'build'));
      const statePath = join(dir, 'state', 'veille.db');
      const script = join(dir, 'child.mjs');
      await writeFile(script, childScript(pathToFileURL(storeModule).href, statePath, crash));

      const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });

      expect({ signal: child.signal, stdout: child.stdout, stderr: child.stderr }).toEqual({
        signal: 'SIGKILL',
        stdout: '{"newItems":2,"enqueued":2}\n',
        stderr: '',
      });
      // The process died without closing: the commit lives only in the write-ahead log.
      expect((await stat(`${statePath}-wal`)).size).toBeGreaterThan(0);

      const store = openSqliteStore(statePath);
      try {
        expect(await store.getSource('lwn')).toEqual({
          name: 'lwn',
          url: 'https://lwn.example/feed.xml',
          seeded: true,
          validators: { etag: '"v1"' },
          lastAttemptAt: '2025-03-01T10:00:00.000Z',
          lastSuccessAt: '2025-03-01T10:00:00.000Z',
          lastNewItemAt: '2025-03-01T10:00:00.000Z',
          consecutiveFailures: 0,
          itemsSeen: 2,
          health: 'ok',
        });
        expect(await store.unseenItemIds('lwn', ['a', 'b', 'c', 'd'])).toEqual(new Set(['c', 'd']));
        expect(
          (await store.dueDeliveries('discord', '2025-03-01T12:00:00.000Z', 10)).map((entry) => [entry.id, entry.item.id]),
        ).toEqual([
          [1, 'a'],
          [2, 'b'],
        ]);
      } finally {
        await store.close();
      }
    },
  );
});
