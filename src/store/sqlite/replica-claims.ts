import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './open-sqlite.js';

/** The statements of the replica claims (see Store.claimSources): the same rules as the PostgreSQL store. */
export interface ClaimStatements {
  readonly claimSource: Statement<[{ name: string; replica: string; tick: string; at: string; expiresAt: string }], { name: string }>;
  readonly releaseSources: Statement<[{ replica: string; names: string; at: string }]>;
  readonly sourceClaimsHeld: Statement<[{ tick: string; at: string }], number>;
  readonly claimDestination: Statement<[{ name: string; replica: string; at: string; expiresAt: string }], { name: string }>;
  readonly releaseDestination: Statement<[{ name: string; replica: string; at: string }]>;
}

export function prepareClaimStatements(db: SqliteDatabase): ClaimStatements {
  return {
    claimSource: db.prepare(`
      INSERT INTO source_claims (name, replica, tick, expires_at) VALUES (@name, @replica, @tick, @expiresAt)
      ON CONFLICT (name) DO UPDATE SET replica = excluded.replica, tick = excluded.tick, expires_at = excluded.expires_at
      WHERE source_claims.replica = excluded.replica OR (source_claims.tick < excluded.tick AND source_claims.expires_at <= @at)
      RETURNING name`),
    releaseSources: db.prepare(`
      UPDATE source_claims SET expires_at = min(expires_at, @at)
      WHERE replica = @replica AND name IN (SELECT value FROM json_each(@names))`),
    sourceClaimsHeld: db.prepare<[{ tick: string; at: string }], number>('SELECT count(*) FROM source_claims WHERE tick = @tick AND expires_at > @at').pluck(),
    claimDestination: db.prepare(`
      INSERT INTO destination_claims (name, replica, expires_at) VALUES (@name, @replica, @expiresAt)
      ON CONFLICT (name) DO UPDATE SET replica = excluded.replica, expires_at = excluded.expires_at
      WHERE destination_claims.replica = excluded.replica OR destination_claims.expires_at <= @at
      RETURNING name`),
    releaseDestination: db.prepare('UPDATE destination_claims SET expires_at = min(expires_at, @at) WHERE name = @name AND replica = @replica'),
  };
}
