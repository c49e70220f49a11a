import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStoryStage, type StoryStage } from '../../src/cycle/story-stage.js';
import { DEFAULT_STORY_WINDOW_MS } from '../../src/cycle/story-window.js';
import { DEFAULT_STORY_WINDOW_MS as MATCHER_DEFAULT_WINDOW_MS, type createStoryIndex } from '../../src/stories/index.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/** The story stage through `veille once` and the console: `stories: group` (default) and `off`, `settings.story_window`. */
const tempDir = useTempDirs();
let feeds: FeedServer;
beforeEach(async () => {
  feeds = await startFeedServer();
});
afterEach(async () => {
  await feeds.close();
});

const FIRST = { title: 'Huawei ouvre un centre de recherche à Grenoble', description: 'Le laboratoire travaillera sur les mathématiques.', link: 'https://lemagit.example/grenoble' };
const SECOND = { title: 'Grenoble accueille le nouveau centre de recherche de Huawei', description: 'Un laboratoire de mathématiques.', link: 'https://zdnet.example/grenoble' };
const OTHER = { title: 'Huawei présente un smartphone pliable à Barcelone', description: 'Le terminal sera vendu en Europe.', link: 'https://zdnet.example/pliable' };

async function run(watchExtra: string, settings = ''): Promise<{ second: string; third: string; story: () => Promise<string> }> {
  const root = await tempDir();
  feeds.set('/a.xml', { body: rss('A', []) });
  feeds.set('/b.xml', { body: rss('B', []) });
  const dir = await writeConfigDir(root, {
    sources: [{ name: 'LeMagIT', url: feeds.url('/a.xml'), backfill: '1d' }, { name: 'ZDNet', url: feeds.url('/b.xml'), backfill: '1d' }],
    ...(settings === '' ? {} : { extra: settings }),
  });
  await writeFile(join(dir, 'watches.yaml'), `watches:\n  - name: cloud\n    rule: [Huawei]\n    to: [console]\n${watchExtra}`);
  const env = { VEILLE_DB: join(root, 'veille.db') };
  const once = async () => {
    const result = await runCliInProcess(['once', '--config', dir], { env });
    expect(result.code).toBe(0);
    return result.stdout;
  };
  await once(); // empty first reads; a backfill of a day posts what appears next
  feeds.set('/a.xml', { body: rss('LeMagIT', [FIRST]) });
  const second = await once();
  feeds.set('/b.xml', { body: rss('ZDNet', [OTHER, SECOND]) });
  const third = await once();
  const story = async () => {
    const result = await runCliInProcess(['story', '--config', dir, '--json'], { env });
    expect(result.code).toBe(0);
    return result.stdout;
  };
  return { second, third, story };
}

describe('the story stage', () => {
  it('stories: group (the default): later coverage is an indented "also:" line, another story a line of its own', async () => {
    const { second, third, story } = await run('');
    expect(second).toBe(`[cloud] LeMagIT | ${FIRST.title} | ${FIRST.link} | Huawei\n`);
    expect(third.split('\n').filter((line) => line !== '').sort()).toEqual([
      `  also: ZDNet | ${SECOND.title} | ${SECOND.link}`,
      `[cloud] ZDNet | ${OTHER.title} | ${OTHER.link} | Huawei`,
    ]);
    // `veille story` without headlines: the window's stories, from the state.
    const stories = JSON.parse(await story()) as { storyId: string; items: { source: string; title: string }[] }[];
    expect(stories.map((entry) => ({ storyId: entry.storyId, items: entry.items.map((item) => `${item.source} | ${item.title}`).sort() }))).toEqual([
      { storyId: FIRST.link, items: [`LeMagIT | ${FIRST.title}`, `ZDNet | ${SECOND.title}`] },
      { storyId: OTHER.link, items: [`ZDNet | ${OTHER.title}`] },
    ]);
  });

  it('stories: off posts every item on its own', async () => {
    const { third } = await run('    stories: off\n');
    expect(third.split('\n').filter((line) => line !== '').sort()).toEqual([
      `[cloud] ZDNet | ${SECOND.title} | ${SECOND.link} | Huawei`,
      `[cloud] ZDNet | ${OTHER.title} | ${OTHER.link} | Huawei`,
    ]);
  });
});

describe('the story stage, alone', () => {
  const item = (key: string, title: string) => ({ id: key, storyKey: key, source: 'S', title, summary: '', categories: [], published: '2026-01-01T00:00:00.000Z', publishedFromFeed: true });
  const first = item('k1', FIRST.title);
  const second = item('k2', SECOND.title);
  /** A stage with the story matcher loaded (`prepare`), as placeStories does before placing. */
  const prepared = async (...args: Parameters<typeof createStoryStage>): Promise<StoryStage> => {
    const stage = createStoryStage(...args);
    await stage.prepare();
    return stage;
  };

  it("the cycle's default window is the story matcher's", () => {
    expect(DEFAULT_STORY_WINDOW_MS).toBe(MATCHER_DEFAULT_WINDOW_MS);
    expect(createStoryStage().windowMs).toBe(MATCHER_DEFAULT_WINDOW_MS);
  });

  it('loads the story matcher in prepare: placing a new story key before it throws, a key the window holds does not', async () => {
    const windowItem = { storyKey: 'k0', storyId: 'story-0', addedAt: '2026-01-01T10:00:00.000Z', title: FIRST.title, summary: '', source: 'S', grouped: ['console'] };
    const stage = createStoryStage(3_600_000, [windowItem]);
    expect(stage.place({ ...second, storyKey: 'k0' }, ['console'], new Date('2026-01-01T10:30:00.000Z'))).toEqual(windowItem);
    expect(() => stage.place(second, ['console'], new Date('2026-01-01T10:30:00.000Z'))).toThrow('the story stage placed an item before prepare() loaded the story matcher');
    await stage.prepare();
    await stage.prepare();
    expect(stage.place(second, ['console'], new Date('2026-01-01T10:30:00.000Z')).storyId).toBe('story-0');
  });

  it('attaches coverage within the window, starts a new story past it, and forgets evicted items in memory and in the store', async () => {
    const at = Date.parse('2026-01-01T10:00:00.000Z');
    const stage = await prepared(3_600_000);
    expect(stage.place(first, ['console'], new Date(at))).toEqual({ storyKey: 'k1', storyId: 'k1', addedAt: '2026-01-01T10:00:00.000Z', title: FIRST.title, summary: '', source: 'S', grouped: ['console'] });
    expect(stage.place(second, ['console'], new Date(at + 30 * 60_000))?.storyId).toBe('k1');
    // The same story key again (another source's copy, a read again after a failed commit): as placed.
    expect(stage.place({ ...second, source: 'Other' }, ['slack'], new Date(at + 31 * 60_000))).toEqual({ storyKey: 'k2', storyId: 'k1', addedAt: '2026-01-01T10:30:00.000Z', title: SECOND.title, summary: '', source: 'S', grouped: ['console'] });

    const late = await prepared(3_600_000);
    late.place(first, ['console'], new Date(at));
    expect(late.place(second, ['console'], new Date(at + 61 * 60_000))?.storyId).toBe('k2');

    const pruned: string[] = [];
    const evicted = await prepared(3_600_000);
    evicted.place(first, ['console'], new Date(at));
    await evicted.evict(new Date(at + 2 * 3_600_000), { pruneStories: async (before) => (pruned.push(before), { items: 1, posts: 0 }) });
    expect(pruned).toEqual(['2026-01-01T11:00:00.000Z']);
    expect(evicted.place(first, ['console'], new Date(at + 2 * 3_600_000))?.storyId).toBe('k1');
    expect(evicted.place(second, ['console'], new Date(at + 2 * 3_600_000))?.storyId).toBe('k1');
  });

  it('builds its index at the first item placed, from the items still in the window, in the order they joined', async () => {
    // A recording index: what the stage asks of it, and when.
    const calls: string[] = [];
    const createIndex = (() => {
      calls.push('create');
      return {
        add: (story: { title: string }, storyId: string, at: number) => void calls.push(`add ${story.title} ${storyId} ${new Date(at).toISOString()}`),
        match: () => (calls.push('match'), undefined),
        evict: (before: number) => void calls.push(`evict ${new Date(before).toISOString()}`),
      };
    }) as unknown as typeof createStoryIndex;
    const windowItem = (key: string, title: string, addedAt: string) => ({ storyKey: key, storyId: `story-${key}`, addedAt, title, summary: '', source: 'S', grouped: ['console'] });
    const pruned: string[] = [];
    const stage = createStoryStage(3_600_000, [windowItem('old', 'Old', '2026-01-01T09:00:00.000Z'), windowItem('a', 'A', '2026-01-01T10:00:00.000Z')], { createIndex });
    stage.sync([windowItem('b', 'B', '2026-01-01T10:10:00.000Z'), windowItem('a', 'A again', '2026-01-01T10:20:00.000Z')], new Date('2026-01-01T10:20:00.000Z'));
    await stage.evict(new Date('2026-01-01T10:30:00.000Z'), { pruneStories: async (before) => (pruned.push(before), { items: 1, posts: 0 }) });
    // A cycle with no new item: nothing analysed, the store pruned all the same.
    expect({ calls, pruned, syncedAt: new Date(stage.syncedAt).toISOString() }).toEqual({ calls: [], pruned: ['2026-01-01T09:30:00.000Z'], syncedAt: '2026-01-01T10:20:00.000Z' });
    // An item of a story key the window holds: as it was, still nothing analysed.
    expect(stage.place({ ...second, storyKey: 'b' }, ['console'], new Date('2026-01-01T10:40:00.000Z')).storyId).toBe('story-b');
    expect(calls).toEqual([]);

    expect(stage.place(second, ['console'], new Date('2026-01-01T10:40:00.000Z')).storyId).toBe('k2');
    expect(calls).toEqual([
      'create',
      'add A story-a 2026-01-01T10:00:00.000Z',
      'add B story-b 2026-01-01T10:10:00.000Z',
      'match',
      `add ${SECOND.title} k2 2026-01-01T10:40:00.000Z`,
    ]);
    await stage.evict(new Date('2026-01-01T11:15:00.000Z'), { pruneStories: async () => ({ items: 0, posts: 0 }) });
    expect(calls.slice(5)).toEqual(['evict 2026-01-01T10:15:00.000Z']);
  });

  it('places an item as a window that analysed its items at load would: evicted ones weigh nothing', async () => {
    const at = '2026-01-01T12:00:00.000Z';
    const windowItem = (key: string, title: string, addedAt: string) => ({ storyKey: key, storyId: `story-${key}`, addedAt, title, summary: '', source: 'S', grouped: ['console'] });
    // The first headline, evicted before the second arrives: the second starts its own story.
    const lazy = await prepared(3_600_000, [windowItem('k0', FIRST.title, '2026-01-01T10:00:00.000Z'), windowItem('k3', OTHER.title, '2026-01-01T11:30:00.000Z')]);
    await lazy.evict(new Date(at), { pruneStories: async () => ({ items: 1, posts: 0 }) });
    expect(lazy.place(second, ['console'], new Date(at)).storyId).toBe('k2');
    // Built first (an item placed), then evicted: the same answer.
    const built = await prepared(3_600_000, [windowItem('k0', FIRST.title, '2026-01-01T10:00:00.000Z')]);
    expect(built.place(item('k3', OTHER.title), ['console'], new Date('2026-01-01T11:30:00.000Z')).storyId).toBe('k3');
    await built.evict(new Date(at), { pruneStories: async () => ({ items: 1, posts: 0 }) });
    expect(built.place(second, ['console'], new Date(at)).storyId).toBe('k2');
    // And within the window, the loaded item's story.
    const kept = await prepared(3_600_000, [windowItem('k0', FIRST.title, '2026-01-01T11:30:00.000Z')]);
    await kept.evict(new Date(at), { pruneStories: async () => ({ items: 0, posts: 0 }) });
    expect(kept.place(second, ['console'], new Date(at)).storyId).toBe('story-k0');
  });

  it('loads the window it is given: items of the store keep their story', async () => {
    const stage = await prepared(3_600_000, [{ storyKey: 'k0', storyId: 'story-0', addedAt: '2026-01-01T10:00:00.000Z', title: FIRST.title, summary: '', source: 'S', grouped: ['console'] }]);
    expect(stage.place(second, ['console'], new Date('2026-01-01T10:30:00.000Z'))?.storyId).toBe('story-0');
  });
});
