import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();
const HOUR = 3_600_000;

/** The log line of a source's first read says what happened: recorded, and what the backfill queued. */
describe('first read of a source', () => {
  it.each([
    { backfill: undefined, posted: 0, msg: 'first read of this source: its current items are recorded, not posted' },
    { backfill: '2d', posted: 2, msg: 'first read of this source: its items are recorded; 2 matching items within the backfill queued for posting' },
    { backfill: '1m', posted: 0, msg: 'first read of this source: its items are recorded; none within the backfill matched' },
  ])('backfill $backfill: $posted posted, and the log says so', async ({ backfill, posted, msg }) => {
    const root = await tempDir();
    const now = Date.now();
    server.set('/a.xml', {
      body: rss('A', [
        { title: 'Huawei ouvre un datacenter', link: 'https://news.example/1', published: new Date(now - HOUR).toISOString() },
        { title: 'SecNumCloud pour Bleu', link: 'https://news.example/2', published: new Date(now - 5 * HOUR).toISOString() },
        { title: 'Huawei, il y a dix jours', link: 'https://news.example/3', published: new Date(now - 240 * HOUR).toISOString() },
        { title: 'Sans rapport', link: 'https://news.example/4', published: new Date(now - HOUR).toISOString() },
      ]),
    });
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml'), ...(backfill === undefined ? {} : { backfill }) }] });
    const result = await runCliInProcess(['once', '--config', dir, '--json'], { env: { VEILLE_DB: join(root, 'veille.db'), VEILLE_LOG_LEVEL: 'info' } });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { console: string[] }).console).toHaveLength(posted);
    const logs = result.stderr.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const firstRead = logs.filter((line) => String(line['msg']).startsWith('first read of this source'));
    expect(firstRead).toEqual([expect.objectContaining({ source: 'A', items: 4, matched: posted, enqueued: posted, msg })]);
  });
});
