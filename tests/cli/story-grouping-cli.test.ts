import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeConfigDir } from '../helpers/config-dir.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss, type TestItem } from '../helpers/rss.js';
import { logLines, spawnCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/**
 * Must-show 1 of issue 14, through the built bin (`npm run build` first): the shared development
 * set served by one loopback feed per outlet, the shipped default watch, a fake Discord webhook.
 * Three `veille once` processes, each reading the feeds as they grew (the story window comes back
 * from the state file each time): every story gets exactly one top-level post, no post tells two
 * stories, and the later coverage edits the first post instead of being posted.
 */
interface StoryLine {
  readonly story: string;
  readonly source: string;
  readonly title: string;
  readonly summary: string;
}

const LINES: readonly StoryLine[] = readFileSync(new URL('../../../shared/stories/dev-set.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as StoryLine);
const WEBHOOK = { id: '423456789012345678', token: 'story-token' };
/** The feeds list the first ROUNDS[k] lines at round k: coverage arrives over three processes. */
const ROUNDS = [10, 20, LINES.length];

const tempDir = useTempDirs();
let discord: FakeDiscord;
let feeds: FeedServer;
beforeEach(async () => {
  discord = await startFakeDiscord({ webhooks: [WEBHOOK] });
  feeds = await startFeedServer();
});
afterEach(async () => {
  await Promise.all([discord.close(), feeds.close()]);
});

const slug = (source: string) => source.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const linkOf = (index: number) => `https://news.example/${slug(LINES[index]?.source ?? '')}/${index}`;

/** The shipped default watch (feeds/watches.yaml), posting to the fake Discord. */
function defaultWatch(): string {
  const text = readFileSync(new URL('../../feeds/watches.yaml', import.meta.url), 'utf8');
  return text.replace(/^ {4}to: .*$/m, '    to: [chat]').replace(/^ {4}otherwise: .*\n/m, '');
}

describe('story grouping through veille once (the built bin): the development set', () => {
  it('posts each story once, never two stories in one post, and attaches the later coverage by editing the first post', async () => {
    const root = await tempDir();
    const outlets = [...new Set(LINES.map((line) => line.source))];
    const base = Date.now() - 3 * 3_600_000;
    const dir = await writeConfigDir(root, {
      sources: outlets.map((outlet) => ({ name: outlet, url: feeds.url(`/${slug(outlet)}.xml`), backfill: '1d' })),
      watches: [],
      extra: `destinations:\n  chat:\n    type: discord\n    webhook_url: "${discord.apiBase}/webhooks/${WEBHOOK.id}/${WEBHOOK.token}"\n`,
    });
    await writeFile(join(dir, 'watches.yaml'), defaultWatch());
    for (const shown of ROUNDS) {
      for (const outlet of outlets) {
        const items: TestItem[] = LINES.flatMap((line, index) =>
          index < shown && line.source === outlet
            ? [{ title: line.title, description: line.summary, link: linkOf(index), published: new Date(base + index * 60_000).toISOString() }]
            : [],
        );
        feeds.set(`/${slug(outlet)}.xml`, { body: rss(outlet, items.reverse()) });
      }
      const veille = spawnCli(['once', '--config', dir], { VEILLE_DB: join(root, 'veille.db') });
      expect(await veille.exited).toEqual({ code: 0, signal: null });
      expect(logLines(veille.stderr()).filter((line) => (line['level'] as number) >= 40)).toEqual([]);
    }

    expect(discord.requests.flatMap((request) => request.schemaErrors)).toEqual([]);
    const posts = discord.requests.filter((request) => request.route === 'webhook');
    const edits = discord.requests.filter((request) => request.route === 'webhook-edit');
    expect(discord.requests.length).toBe(posts.length + edits.length);
    // Each line's post: the message whose embed links to it, or whose "Aussi chez" field does.
    const postOf = new Map<string, string>();
    for (const [id, message] of discord.messages) {
      const [embed] = message['embeds'] as { url?: string; fields?: { name: string; value: string }[] }[];
      if (embed?.url !== undefined) postOf.set(embed.url, id);
      const also = embed?.fields?.find((field) => field.name === 'Aussi chez')?.value ?? '';
      for (const [, url] of also.matchAll(/\]\((https:[^)]+)\)/g)) postOf.set(url as string, id);
    }
    const assigned = LINES.map((_, index) => postOf.get(linkOf(index)));
    expect(assigned.filter((post) => post === undefined)).toEqual([]);

    const stories = new Set(LINES.map((line) => line.story));
    const storiesOfPost = new Map<string, Set<string>>();
    const postsOfStory = new Map<string, Set<string>>();
    LINES.forEach((line, index) => {
      const post = assigned[index] as string;
      storiesOfPost.set(post, (storiesOfPost.get(post) ?? new Set()).add(line.story));
      postsOfStory.set(line.story, (postsOfStory.get(line.story) ?? new Set()).add(post));
    });
    let truePairs = 0;
    let predictedPairs = 0;
    let bothPairs = 0;
    for (let i = 0; i < LINES.length; i += 1) {
      for (let j = i + 1; j < LINES.length; j += 1) {
        const same = LINES[i]?.story === LINES[j]?.story;
        const grouped = assigned[i] === assigned[j];
        truePairs += same ? 1 : 0;
        predictedPairs += grouped ? 1 : 0;
        bothPairs += same && grouped ? 1 : 0;
      }
    }
    const extra = LINES.length - stories.size;
    const attached = LINES.length - posts.length;
    process.stdout.write(
      `story grouping through the CLI (dev set, ${LINES.length} items, ${stories.size} stories, ${outlets.length} outlet feeds, ${ROUNDS.length} processes): ` +
        `${posts.length} top-level posts, ${edits.length} edits; extra coverage attached ${attached}/${extra}; ` +
        `pair precision ${(predictedPairs === 0 ? 1 : bothPairs / predictedPairs).toFixed(3)}, pair recall ${(bothPairs / truePairs).toFixed(3)}\n`,
    );
    // Every story exactly one top-level post; no post tells two stories.
    expect([...postsOfStory.values()].filter((set) => set.size !== 1)).toEqual([]);
    expect([...storiesOfPost.values()].filter((set) => set.size !== 1)).toEqual([]);
    expect(posts.length).toBe(stories.size);
    expect(attached / extra).toBeGreaterThanOrEqual(0.9);
    expect(edits.length).toBe(attached);
    // The first post asked for the message back (?wait=true): its id is what the edits name.
    expect(posts.every((request) => request.query['wait'] === 'true')).toBe(true);
  });
});
