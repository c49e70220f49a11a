import type { StoryPost, StoryWindowItem } from './store.js';

/** A `story_items` row as both engines read it (times already ISO strings). */
export interface StoryItemRow {
  readonly story_key: string;
  readonly story_id: string;
  readonly added_at: string;
  readonly title: string;
  readonly summary: string;
  readonly source: string;
  readonly grouped: string;
}

/** A `story_posts` row as both engines read it (times already ISO strings). */
export interface StoryPostRow {
  readonly destination: string;
  readonly story_id: string;
  readonly ref: string;
  readonly lead: string;
  readonly also: string;
  readonly updated_at: string;
}

export function toStoryWindowItem(row: StoryItemRow): StoryWindowItem {
  return {
    storyKey: row.story_key,
    storyId: row.story_id,
    addedAt: row.added_at,
    title: row.title,
    summary: row.summary,
    source: row.source,
    grouped: JSON.parse(row.grouped) as string[],
  };
}

export function toStoryPost(row: StoryPostRow): StoryPost {
  return {
    destination: row.destination,
    storyId: row.story_id,
    ref: JSON.parse(row.ref) as Record<string, string>,
    lead: JSON.parse(row.lead) as StoryPost['lead'],
    also: JSON.parse(row.also) as StoryPost['also'],
    updatedAt: row.updated_at,
  };
}
