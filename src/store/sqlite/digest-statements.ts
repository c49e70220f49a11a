import type Database from 'better-sqlite3';
import type { DigestItemRow } from '../digest-rows.js';
import type { SqliteDatabase } from './open-sqlite.js';

/** Items of a pair not sent yet, in the order a digest shows them: oldest period first (waiting last), newest item first. */
const UNSENT_ORDER = "ORDER BY CASE state WHEN 'claimed' THEN 0 ELSE 1 END, period, item_published DESC, id DESC";
const COLUMNS = 'id, watch, destination, source, terms, color, item, collected_at, state, period';

export interface DigestStatements {
  readonly collect: Database.Statement<[{ watch: string; destination: string; source: string; itemId: string; storyKey: string; terms: string; color: number | null; item: string; itemPublished: string; at: string }]>;
  readonly lastPeriod: Database.Statement<[{ watch: string; destination: string }], string>;
  readonly setLastPeriod: Database.Statement<[{ watch: string; destination: string; period: string }]>;
  readonly claim: Database.Statement<[{ watch: string; destination: string; period: string }]>;
  readonly claimed: Database.Statement<[{ watch: string; destination: string }], DigestItemRow>;
  readonly unsent: Database.Statement<[{ watch: string; destination: string }], DigestItemRow>;
  readonly finish: Database.Statement<[{ ids: string; at: string; state: string; error: string | null }]>;
  readonly prune: Database.Statement<[{ before: string }]>;
}

const cache = new WeakMap<SqliteDatabase, DigestStatements>();

/** The digest statements of a connection (prepared once, after the digest migration). */
export function digestStatements(db: SqliteDatabase): DigestStatements {
  let statements = cache.get(db);
  if (statements === undefined) {
    statements = {
      collect: db.prepare(`
        INSERT INTO digest_items (watch, destination, source, item_id, story_key, terms, color, item, item_published, collected_at)
        VALUES (@watch, @destination, @source, @itemId, @storyKey, @terms, @color, @item, @itemPublished, @at)
        ON CONFLICT (watch, destination, source, item_id) DO NOTHING`),
      lastPeriod: db.prepare<[{ watch: string; destination: string }], string>(
        'SELECT last_period FROM digest_periods WHERE watch = @watch AND destination = @destination',
      ).pluck(),
      setLastPeriod: db.prepare(`
        INSERT INTO digest_periods (watch, destination, last_period) VALUES (@watch, @destination, @period)
        ON CONFLICT (watch, destination) DO UPDATE SET last_period = excluded.last_period`),
      claim: db.prepare(`
        UPDATE digest_items SET state = 'claimed', period = @period
        WHERE watch = @watch AND destination = @destination AND state = 'waiting' AND collected_at <= @period`),
      claimed: db.prepare<[{ watch: string; destination: string }], DigestItemRow>(
        `SELECT ${COLUMNS} FROM digest_items WHERE watch = @watch AND destination = @destination AND state = 'claimed' ${UNSENT_ORDER}`,
      ),
      unsent: db.prepare<[{ watch: string; destination: string }], DigestItemRow>(
        `SELECT ${COLUMNS} FROM digest_items WHERE watch = @watch AND destination = @destination AND state IN ('claimed', 'waiting') ${UNSENT_ORDER}`,
      ),
      finish: db.prepare(`
        UPDATE digest_items SET state = @state, finished_at = @at, last_error = @error
        WHERE state = 'claimed' AND id IN (SELECT value FROM json_each(@ids))`),
      prune: db.prepare("DELETE FROM digest_items WHERE state IN ('sent', 'failed') AND finished_at < @before"),
    };
    cache.set(db, statements);
  }
  return statements;
}
