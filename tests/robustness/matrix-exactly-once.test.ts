import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CycleReport } from '../../src/cycle/cycle-report.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { startFakeMatrix, type FakeMatrix } from '../helpers/fake-matrix.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss, type TestItem } from '../helpers/rss.js';
import { logLines, spawnCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/**
 * The window no webhook can close (the remote side accepted, veille has not recorded it) is closed
 * for Matrix by the transaction id: the real process (dist/cli.cjs) is SIGKILLed after the fake
 * homeserver created the event and before veille could mark it delivered; after a restart the same
 * PUT (same txnId, derived from destination and story) returns the existing event.
 */
const tempDir = useTempDirs();
const TOKEN = 'syt_dmVpbGxl_botTOKEN_secret';
const ROOM = '!veille:tchap.example';
const FEED = '/flux.xml';
const start = Date.now();
const OLD: TestItem = { title: 'Huawei : déjà là', link: 'https://news.example/old', published: new Date(start - 3_600_000).toISOString() };
const NEW: readonly TestItem[] = [1, 2].map((n) => ({
  title: `Huawei dépêche n°${n}`,
  link: `https://news.example/${n}`,
  published: new Date(start - (10 - n) * 60_000).toISOString(),
}));

let matrix: FakeMatrix;
let feeds: FeedServer;
beforeEach(async () => {
  matrix = await startFakeMatrix({ users: [{ token: TOKEN, rooms: [ROOM] }] });
  feeds = await startFeedServer();
});
afterEach(async () => {
  await matrix.close();
  await feeds.close();
});

async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('Matrix: SIGKILL between the send and its record, then restart', () => {
  it('the homeserver holds exactly one event per story', async () => {
    const root = await tempDir();
    const dir = await writeConfigDir(root, {
      sources: [{ name: 'Le Flux', url: feeds.url(FEED) }],
      watches: [{ name: 'cloud', rule: ['Huawei'], to: ['tchap'] }],
      extra: `destinations:\n  tchap:\n    type: matrix\n    homeserver: ${matrix.homeserver}\n    room_id: "${ROOM}"\n    access_token: \${MATRIX_TOKEN}\n    timeout: 60s\n`,
    });
    const env = { VEILLE_DB: join(root, 'veille.db'), MATRIX_TOKEN: TOKEN };
    const once = async (): Promise<CycleReport> => {
      const cli = spawnCli(['once', '--config', dir, '--json'], env);
      const exit = await cli.exited;
      expect({ exit, errors: logLines(cli.stderr()).filter((line) => Number(line['level']) >= 50) }).toEqual({ exit: { code: 0, signal: null }, errors: [] });
      return JSON.parse(cli.stdout()) as CycleReport;
    };

    feeds.set(FEED, { body: rss('Flux', [OLD]) });
    expect(await once()).toMatchObject({ seeded: 1, enqueued: 0 });

    // Two new stories. The homeserver creates the first event, then never answers: kill there.
    feeds.set(FEED, { body: rss('Flux', [...NEW].reverse().concat(OLD)) });
    matrix.enqueue({ hang: 'after-accept' });
    const killed = spawnCli(['once', '--config', dir], env);
    await until(() => matrix.events.length === 1);
    expect(killed.child.kill('SIGKILL')).toBe(true);
    expect(await killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const firstTxn = matrix.events[0]?.txnId;

    // Restart: the first story is sent again with the same txnId (no new event), then the second.
    expect(await once()).toMatchObject({ delivered: 2 });
    expect(matrix.requests.map((request) => request.txnId)).toEqual([firstTxn, firstTxn, matrix.events[1]?.txnId]);
    expect(matrix.events.map((event) => event.content['body']?.toString().split('\n')[0])).toEqual(['Huawei dépêche n°1', 'Huawei dépêche n°2']);
    expect(new Set(matrix.events.map((event) => event.txnId)).size).toBe(2);

    // Nothing is pending: a third run sends nothing.
    expect(await once()).toMatchObject({ delivered: 0 });
    expect(matrix.requests).toHaveLength(3);
    expect(matrix.events).toHaveLength(2);
  });
});
