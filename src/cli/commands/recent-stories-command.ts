import { existsSync } from 'node:fs';
import { appStoreChoice } from '../../main.js';
import { openStore } from '../../store/open-store.js';
import type { StoryWindowItem } from '../../store/store.js';
import { DEFAULT_STORY_WINDOW_MS } from '../../stories/index.js';
import { EXIT_OK } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';
import { formatLocalTime } from '../source-status.js';
import { databaseOf } from '../store-options.js';

/** A story of the window as `veille story` (no headlines) shows it. */
export interface RecentStory {
  readonly storyId: string;
  readonly items: readonly { readonly addedAt: string; readonly source: string; readonly title: string }[];
}

/**
 * `veille story [--json]` without headlines: the stories of the story window (`settings.story_window`)
 * from the state, oldest first, each with the items that told it. Read-only: a state file that does
 * not exist yet is not created.
 */
export async function recentStoriesCommand(context: CommandContext, options: { readonly json: boolean; readonly now: Date }): Promise<number> {
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;
  const windowMs = config.settings.storyWindowMs ?? DEFAULT_STORY_WINDOW_MS;
  const choice = appStoreChoice(config, databaseOf(context));
  let items: StoryWindowItem[] = [];
  if (choice.engine === 'sqlite' && choice.path !== ':memory:' && !existsSync(choice.path)) {
    context.io.err.write(`veille story: no state yet (${choice.path} does not exist): veille has not run with this state file\n`);
  } else {
    const store = await openStore(choice);
    try {
      items = await store.listStoryItems(new Date(options.now.getTime() - windowMs).toISOString());
    } finally {
      await store.close();
    }
  }
  const stories = groupStories(items);
  context.io.out(options.json ? `${JSON.stringify(stories)}\n` : storiesText(stories, windowMs, config.settings.timezone));
  return EXIT_OK;
}

/** The window's items grouped by story, in the order each story started (pure). */
export function groupStories(items: readonly StoryWindowItem[]): RecentStory[] {
  const byStory = new Map<string, RecentStory['items'][number][]>();
  for (const item of items) {
    const list = byStory.get(item.storyId) ?? [];
    list.push({ addedAt: item.addedAt, source: item.source, title: item.title });
    byStory.set(item.storyId, list);
  }
  return [...byStory].map(([storyId, list]) => ({ storyId, items: list }));
}

/** The text form: each item's time as a person in `timeZone` reads it (the JSON keeps ISO UTC). */
function storiesText(stories: readonly RecentStory[], windowMs: number, timeZone: string): string {
  const hours = Math.round(windowMs / 3_600_000);
  const count = stories.reduce((sum, story) => sum + story.items.length, 0);
  const lines = [`${stories.length} ${stories.length === 1 ? 'story' : 'stories'} told by ${count} ${count === 1 ? 'item' : 'items'} in the last ${hours} h`];
  for (const story of stories) {
    lines.push(`${story.items.length === 1 ? '1 item' : `${story.items.length} items`}: ${story.storyId}`);
    for (const item of story.items) lines.push(`  ${formatLocalTime(item.addedAt, timeZone)}  ${item.source} | ${item.title}`);
  }
  return `${lines.join('\n')}\n`;
}
