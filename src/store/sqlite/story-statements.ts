import type Database from 'better-sqlite3';

type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;
import type { SqliteDatabase } from './open-sqlite.js';
import type { StoryItemRow, StoryPostRow } from '../story-rows.js';

/** The prepared statements of story grouping (issue 14): `story_items` and `story_posts`. */
export interface StoryStatements {
  readonly insertItem: Statement<[Record<string, string | number>]>;
  readonly nextSeq: Statement<[], number>;
  readonly listItems: Statement<[string], StoryItemRow>;
  readonly itemsByKey: Statement<[string], StoryItemRow>;
  readonly getPost: Statement<[string, string], StoryPostRow>;
  readonly savePost: Statement<[Record<string, string>]>;
  readonly pruneItems: Statement<[string]>;
  readonly prunePosts: Statement<[string]>;
}

export function prepareStoryStatements(db: SqliteDatabase): StoryStatements {
  return {
    insertItem: db.prepare(`
      INSERT INTO story_items (story_key, story_id, added_at, seq, title, summary, source, grouped)
      VALUES (@storyKey, @storyId, @addedAt, @seq, @title, @summary, @source, @grouped)
      ON CONFLICT (story_key) DO NOTHING`),
    nextSeq: db.prepare<[], number>('SELECT COALESCE(MAX(seq), 0) + 1 FROM story_items').pluck(),
    listItems: db.prepare<[string], StoryItemRow>('SELECT * FROM story_items WHERE added_at >= ? ORDER BY added_at, seq'),
    itemsByKey: db.prepare<[string], StoryItemRow>('SELECT * FROM story_items WHERE story_key IN (SELECT value FROM json_each(?))'),
    getPost: db.prepare<[string, string], StoryPostRow>('SELECT * FROM story_posts WHERE destination = ? AND story_id = ?'),
    savePost: db.prepare(`
      INSERT INTO story_posts (destination, story_id, ref, lead, also, updated_at)
      VALUES (@destination, @storyId, @ref, @lead, @also, @updatedAt)
      ON CONFLICT (destination, story_id) DO UPDATE SET ref = excluded.ref, lead = excluded.lead, also = excluded.also, updated_at = excluded.updated_at`),
    pruneItems: db.prepare<[string]>('DELETE FROM story_items WHERE added_at < ?'),
    prunePosts: db.prepare<[string]>(
      'DELETE FROM story_posts WHERE updated_at < ? AND NOT EXISTS (SELECT 1 FROM story_items WHERE story_items.story_id = story_posts.story_id)',
    ),
  };
}
