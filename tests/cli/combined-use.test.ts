import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFakeMatrix, type FakeMatrix } from '../helpers/fake-matrix.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startFakeTeams, type FakeTeams } from '../helpers/fake-teams.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss, type TestItem } from '../helpers/rss.js';
import { logLines, spawnCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/**
 * Issue 15's features used together, as a team would run them, through the built bin with virtual
 * time: the shipped default watch (feeds/watches.yaml, its rule unchanged) posting at once to a Discord
 * webhook and collecting a weekday 08:00 digest for a Slack webhook, and a second watch posting at
 * once to Teams and collecting a digest for a Matrix room; three outlets telling one story, a
 * colour trap, story grouping in the immediate posts and in both digests.
 */
const tempDir = useTempDirs();
const SHIPPED_WATCHES = fileURLToPath(new URL('../../feeds/watches.yaml', import.meta.url));
const WEBHOOK = { id: '112233445566778899', token: 'webhook-token-SECRET' };
const SLACK = { team: 'T0001', hook: 'B0001', secret: 'slack-SECRET' };
const WORKFLOW = { id: 'f00dfeed0001', sig: 'teams-sig-SECRET' };
const MATRIX = { token: 'syt_combined_TOKEN', room: '!veille:tchap.test' };
const OUTLETS = ['lemagit', 'lmi', 'silicon'] as const;
type Outlet = (typeof OUTLETS)[number];

let feeds: FeedServer;
let discord: FakeDiscord;
let slack: FakeSlack;
let teams: FakeTeams;
let matrix: FakeMatrix;
beforeEach(async () => {
  [feeds, discord, slack, teams, matrix] = await Promise.all([
    startFeedServer(),
    startFakeDiscord({ webhooks: [WEBHOOK] }),
    startFakeSlack({ webhooks: [SLACK] }),
    startFakeTeams({ workflows: [WORKFLOW] }),
    startFakeMatrix({ users: [{ token: MATRIX.token, rooms: [MATRIX.room] }] }),
  ]);
});
afterEach(async () => {
  await Promise.all([feeds.close(), discord.close(), slack.close(), teams.close(), matrix.close()]);
});

/** Paris time in March 2026 (UTC+1). 2026-03-02 is a Monday. */
const paris = (day: number, time: string) => `2026-03-${String(day).padStart(2, '0')}T${time}+01:00`;

async function setUp() {
  const root = await tempDir();
  const dir = join(root, 'config');
  await mkdir(dir, { recursive: true });
  // The shipped watch with its rule as shipped; only its destinations say which one takes a digest.
  const shipped = parse(await readFile(SHIPPED_WATCHES, 'utf8')) as { watches: [Record<string, unknown>] };
  shipped.watches[0]['to'] = ['discord', { name: 'slack', digest: '0 8 * * 1-5' }];
  await writeFile(join(dir, 'watches.yaml'), stringify(shipped));
  await writeFile(
    join(dir, 'team.yaml'),
    [
      'settings:',
      '  timezone: Europe/Paris',
      'sources:',
      ...OUTLETS.flatMap((outlet) => [`  - name: ${outlet}`, `    url: ${JSON.stringify(feeds.url(`/${outlet}.xml`))}`]),
      'watches:',
      '  - name: qualifications',
      '    rule: SecNumCloud',
      '    to: [teams, { name: tchap, digest: "0 8 * * 1-5" }]',
      'destinations:',
      '  discord:',
      '    type: discord',
      '    webhook_url: ${DISCORD_WEBHOOK_URL}',
      '  slack:',
      '    type: slack',
      '    webhook_url: ${SLACK_WEBHOOK_URL}',
      '  teams:',
      '    type: teams',
      '    webhook_url: ${TEAMS_URL}',
      '  tchap:',
      '    type: matrix',
      `    homeserver: ${matrix.homeserver}`,
      `    room_id: "${MATRIX.room}"`,
      '    access_token: ${MATRIX_TOKEN}',
      '  console:',
      '    type: console',
      '',
    ].join('\n'),
  );
  const env = {
    VEILLE_DB: join(root, 'veille.db'),
    VEILLE_LOG_LEVEL: 'info',
    VEILLE_DISCORD_API: discord.apiBase,
    DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/${WEBHOOK.id}/${WEBHOOK.token}`,
    SLACK_WEBHOOK_URL: slack.webhookUrl(SLACK.team, SLACK.hook, SLACK.secret),
    TEAMS_URL: teams.webhookUrl(WORKFLOW.id, WORKFLOW.sig),
    MATRIX_TOKEN: MATRIX.token,
  };
  const items = new Map<Outlet, TestItem[]>(OUTLETS.map((outlet) => [outlet, []]));
  const publish = (outlet: Outlet, ...more: TestItem[]) => {
    const list = [...more, ...(items.get(outlet) ?? [])];
    items.set(outlet, list);
    feeds.set(`/${outlet}.xml`, { body: rss(outlet, list) });
  };
  for (const outlet of OUTLETS) publish(outlet);
  const run = async (args: readonly string[], at: string) => {
    const cli = spawnCli([...args, '--config', dir], { ...env, VEILLE_NOW: at });
    const { code } = await cli.exited;
    return { code, stdout: cli.stdout(), stderr: cli.stderr() };
  };
  return { publish, run, once: (at: string) => run(['once', '--json'], at) };
}

const item = (title: string, slug: string, day: number, time: string, description = ''): TestItem => ({
  title,
  description,
  link: `https://news.example/${slug}`,
  published: paris(day, time),
});

interface DiscordEmbed {
  readonly title: string;
  readonly url: string;
  readonly description?: string;
  readonly fields?: readonly { readonly name: string; readonly value: string }[];
}
const discordTitles = () => [...discord.messages.values()].map((message) => (message['embeds'] as DiscordEmbed[])[0]?.title);
const slackText = (index: number) => JSON.stringify(slack.requests[index]?.payload);
const matrixBodies = () => matrix.events.map((event) => String(event.content['body']));

describe('issue 15 features used together through the real CLI', () => {
  it('immediate posts grouped by story, a colour trap ignored, and the 08:00 digests grouped by story, each sent once', async () => {
    const { publish, run, once } = await setUp();
    publish('lemagit', item('Huawei présente ses résultats 2025', 'old', 1, '12:00:00'));
    const seeded = await once(paris(2, '07:00:00'));
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(JSON.parse(seeded.stdout)).toMatchObject({ enqueued: 0, delivered: 0 });

    // Monday: one story told by three outlets, another story, and a colour trap.
    publish('lemagit', item('Bleu obtient la qualification SecNumCloud de l’Anssi', 'lemagit-bleu', 2, '09:10:00', 'Le cloud d’Orange et Capgemini est qualifié.'));
    publish('lmi', item('SecNumCloud : l’Anssi qualifie Bleu, le cloud d’Orange et Capgemini', 'lmi-bleu', 2, '09:40:00'));
    publish('silicon', item('Le bleu de travail revient à la mode dans les datacenters', 'silicon-trap', 2, '09:20:00'));
    publish('silicon', item('Huawei ouvre un centre de données en Alsace', 'silicon-huawei', 2, '09:30:00'));
    expect((await once(paris(2, '10:00:00'))).code).toBe(0);
    publish('silicon', item('Qualification SecNumCloud pour Bleu, la coentreprise d’Orange et Capgemini', 'silicon-bleu', 2, '11:00:00'));
    expect((await once(paris(2, '12:00:00'))).code).toBe(0);

    // Discord (immediate): two top-level posts, the first edited once per later outlet to list it.
    expect(discord.requests.map((request) => [request.route, request.schemaErrors])).toEqual([
      ['webhook', []],
      ['webhook', []],
      ['webhook-edit', []],
      ['webhook-edit', []],
    ]);
    expect(discordTitles()).toEqual(['Bleu obtient la qualification SecNumCloud de l’Anssi', 'Huawei ouvre un centre de données en Alsace']);
    const bleuPost = JSON.stringify([...discord.messages.values()][0]);
    expect(bleuPost).toContain('https://news.example/lmi-bleu');
    expect(bleuPost).toContain('https://news.example/silicon-bleu');
    // Teams (immediate, watch "qualifications"): the first post, then a compact card per later outlet naming it.
    expect(teams.requests.map((request) => request.violations)).toEqual([[], [], []]);
    const teamsTexts = teams.requests.map((request) => JSON.stringify(request.payload).replaceAll('\\\\', ''));
    expect(teamsTexts.map((text) => text.includes('Suite de « Bleu obtient la qualification SecNumCloud de l’Anssi » (lemagit)'))).toEqual([false, true, true]);
    // The digests are collected, nothing sent yet; the trap was posted nowhere.
    expect([slack.requests.length, matrix.events.length]).toEqual([0, 0]);
    expect(JSON.stringify(discord.requests.map((request) => request.body))).not.toContain('silicon-trap');

    // What the Slack digest will hold: two stories, the Bleu one with its three outlets.
    const shown = await run(['digest', 'cloud-souverain', '--json'], paris(2, '18:00:00'));
    expect(shown.code).toBe(0);
    const next = JSON.parse(shown.stdout) as { destinations: { destination: string; due: boolean; items: number; stories: unknown[] }[] };
    expect(next.destinations.map(({ destination, due, items, stories }) => [destination, due, items, stories.length])).toEqual([['slack', false, 4, 2]]);

    // Tuesday 08:00: each digest once, grouped by story.
    const morning = await once(paris(3, '08:00:00'));
    expect(morning.code).toBe(0);
    expect(JSON.parse(morning.stdout)).toMatchObject({ digestMessages: 2, digestItems: 7 });
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]?.violations).toEqual([]);
    for (const slug of ['lemagit-bleu', 'lmi-bleu', 'silicon-bleu', 'silicon-huawei']) expect(slackText(0)).toContain(`https://news.example/${slug}`);
    expect(slackText(0)).not.toContain('silicon-trap');
    expect(matrixBodies()).toHaveLength(1);
    for (const slug of ['lemagit-bleu', 'lmi-bleu', 'silicon-bleu']) expect(matrixBodies()[0]).toContain(`https://news.example/${slug}`);
    expect(matrixBodies()[0]).not.toContain('silicon-huawei');

    // Later the same day: nothing is sent twice; the immediate destinations saw nothing more.
    const later = await once(paris(3, '09:00:00'));
    expect(later.code).toBe(0);
    expect(JSON.parse(later.stdout)).toMatchObject({ delivered: 0, digestMessages: 0 });
    expect([discord.requests.length, teams.requests.length, slack.requests.length, matrix.events.length]).toEqual([4, 3, 1, 1]);

    // The state, seen through the read-only commands at the same (virtual) time.
    const stories = await run(['story'], paris(3, '09:30:00'));
    expect([stories.code, stories.stdout]).toEqual([
      0,
      [
        '2 stories told by 4 items in the last 48 h',
        '3 items: https://news.example/lemagit-bleu',
        '  2026-03-02 10:00 CET  lemagit | Bleu obtient la qualification SecNumCloud de l’Anssi',
        '  2026-03-02 10:00 CET  lmi | SecNumCloud : l’Anssi qualifie Bleu, le cloud d’Orange et Capgemini',
        '  2026-03-02 12:00 CET  silicon | Qualification SecNumCloud pour Bleu, la coentreprise d’Orange et Capgemini',
        '1 item: https://news.example/silicon-huawei',
        '  2026-03-02 10:00 CET  silicon | Huawei ouvre un centre de données en Alsace',
        '',
      ].join('\n'),
    ]);
    // Replaying the config on what was seen: what each watch posted, digests included.
    const replay = await run(['replay'], paris(3, '09:30:00'));
    expect(replay.code).toBe(0);
    // The virtual clock runs on from VEILLE_NOW: the window starts (retention) before the process's now.
    expect(replay.stdout.split('\n').filter((line) => line !== '').map((line) => line.replace(/since 2025-12-03T08:3\d:\d\d\.\d{3}Z/, 'since 2025-12-03T08:3x'))).toEqual([
      'Replayed 5 items seen since 2025-12-03T08:3x.',
      'qualifications: would post 3, posted 3 — no change',
      'cloud-souverain: would post 4, posted 4 — no change',
    ]);
    expect(logLines(later.stderr).filter((line) => line['level'] === 'error' || line['level'] === 50)).toEqual([]);
  });
});
