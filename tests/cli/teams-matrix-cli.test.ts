import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeConfigDir } from '../helpers/config-dir.js';
import { startFakeMatrix, type FakeMatrix } from '../helpers/fake-matrix.js';
import { startFakeTeams, type FakeTeams } from '../helpers/fake-teams.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { logLines } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/** Teams and Matrix through `veille once`: delivery, a honoured 429, and a 4xx that disables. */
const tempDir = useTempDirs();
const WORKFLOW = 'f00dfeed0001';
const SIG = 'teams-sig-SECRET';
const TOKEN = 'syt_cli_TOKEN';
const ROOM = '!room:matrix.test';

let teams: FakeTeams;
let matrix: FakeMatrix;
let feeds: FeedServer;
beforeEach(async () => {
  teams = await startFakeTeams({ workflows: [{ id: WORKFLOW, sig: SIG }] });
  matrix = await startFakeMatrix({ users: [{ token: TOKEN, rooms: [ROOM] }] });
  feeds = await startFeedServer();
});
afterEach(async () => {
  await Promise.all([teams.close(), matrix.close(), feeds.close()]);
});

async function setUp(teamsSig: string, matrixToken: string) {
  const root = await tempDir();
  const dir = await writeConfigDir(root, {
    sources: [{ name: 'Flux', url: feeds.url('/f.xml'), backfill: '1d' }],
    watches: [{ name: 'cloud', rule: ['Huawei'], to: ['teams', 'tchap'] }],
    extra:
      `destinations:\n  teams:\n    type: teams\n    webhook_url: \${TEAMS_URL}\n` +
      `  tchap:\n    type: matrix\n    homeserver: ${matrix.homeserver}\n    room_id: "${ROOM}"\n    access_token: \${MATRIX_TOKEN}\n`,
  });
  const env = { VEILLE_DB: join(root, 'veille.db'), VEILLE_LOG_LEVEL: 'info', TEAMS_URL: teams.webhookUrl(WORKFLOW, teamsSig), MATRIX_TOKEN: matrixToken };
  return { once: () => runCliInProcess(['once', '--config', dir, '--json'], { env }) };
}

describe('Teams and Matrix through veille once', () => {
  it('later coverage of a story: a reply in the Matrix thread of the first event, a compact Teams card that names the first post', async () => {
    const first = { title: 'Huawei ouvre un centre de recherche à Grenoble', description: 'Un laboratoire de mathématiques.', link: 'https://news.example/1' };
    const second = { title: 'Grenoble accueille le nouveau centre de recherche de Huawei', description: 'Le laboratoire travaillera sur les mathématiques.', link: 'https://news.example/2' };
    feeds.set('/f.xml', { body: rss('Flux', [first]) });
    const { once } = await setUp(SIG, TOKEN);
    expect(JSON.parse((await once()).stdout)).toMatchObject({ delivered: 2, failed: 0 });
    feeds.set('/f.xml', { body: rss('Flux', [second, first]) });
    expect(JSON.parse((await once()).stdout)).toMatchObject({ delivered: 2, failed: 0 });
    expect(matrix.events).toHaveLength(2);
    expect(matrix.events[0]?.content['m.relates_to']).toBeUndefined();
    expect(matrix.events[1]?.content['m.relates_to']).toEqual({
      rel_type: 'm.thread',
      event_id: matrix.events[0]?.eventId,
      is_falling_back: true,
      'm.in_reply_to': { event_id: matrix.events[0]?.eventId },
    });
    expect(teams.requests.map((r) => r.violations)).toEqual([[], []]);
    // What a reader sees: the card's text with its Markdown escapes resolved.
    const followUp = JSON.stringify(teams.requests[1]?.payload).replaceAll('\\\\', '');
    expect(followUp).toContain('Suite de « Huawei ouvre un centre de recherche à Grenoble » (Flux)');
    expect(followUp).not.toContain('FactSet');
  });

  it('delivers valid payloads, waiting out a 429 (Retry-After, retry_after_ms) first', async () => {
    feeds.set('/f.xml', { body: rss('Flux', [{ title: 'Huawei **quitte** <at>Teams</at>', link: 'https://news.example/1' }]) });
    teams.enqueue({ status: 429, headers: { 'retry-after': '1' } });
    matrix.enqueue({ status: 429, body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 300 } });
    const { once } = await setUp(SIG, TOKEN);
    const result = await once();
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ enqueued: 2, delivered: 2, failed: 0 });
    expect(teams.requests.map((r) => r.violations)).toEqual([[], []]);
    expect(matrix.requests).toHaveLength(2);
    expect(matrix.events).toHaveLength(1);
    const waits = logLines(result.stderr).filter((line) => line['msg'] === 'rate limited by the destination; waiting as asked');
    expect(waits.map((line) => [line['destination'], line['waitMs']]).sort()).toEqual([['tchap', 300], ['teams', 1000]]);
  });

  it('a revoked signature or token disables the destination with one clear log line, then nothing is sent to it', async () => {
    feeds.set('/f.xml', { body: rss('Flux', [{ title: 'Huawei 1', link: 'https://news.example/1' }, { title: 'Huawei 2', link: 'https://news.example/2' }]) });
    const { once } = await setUp('revoked-sig', 'syt_revoked');
    const first = await once();
    expect(first.code).toBe(0);
    const disabling = logLines(first.stderr).filter((line) => String(line['msg']).startsWith('destination rejected us'));
    expect(disabling.map((line) => [line['destination'], line['status']]).sort()).toEqual([['tchap', 401], ['teams', 401]]);
    expect(first.stderr).not.toContain('revoked-sig');
    expect(first.stderr).not.toContain('syt_revoked');
    expect([teams.requests.length, matrix.requests.length]).toEqual([1, 1]);

    const second = await once();
    expect(second.code).toBe(0);
    expect([teams.requests.length, matrix.requests.length]).toEqual([1, 1]);
    const warnings = logLines(second.stderr).filter((line) => line['msg'] === 'destination is disabled; fix its settings to resume');
    expect(warnings.map((line) => [line['destination'], line['pending']]).sort()).toEqual([['tchap', 2], ['teams', 2]]);
  });
});
