import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';

/**
 * What parsing a config file's YAML gave, kept in a file from one process to the next (`veille
 * once` started by cron reads the same files every few minutes). An entry is keyed by a SHA-256 of
 * the file's exact text: any change in a file is another key, so a stale entry can never be used.
 * Only files that parsed without error are kept; validation always runs on the data. See
 * docs/operations.md ("The config cache"). Its reads and writes are synchronous (one small file,
 * once per process): node:fs/promises would cost a `veille once` about 3 ms to load.
 */
export interface ParsedYamlCache {
  /** The data parsed from exactly this text before (a fresh copy each time), or undefined. */
  get(text: string): unknown;
  /** Keeps what `text` parsed to (copied now: later changes to `data` are not kept). */
  set(text: string, data: unknown): void;
  /** Writes the file if an entry was added (a whole new file renamed over the old one). Never throws. */
  save(): Promise<void>;
}

/**
 * Part of every key: a new format or a parse that gives other data for the same text (another
 * major version of the yaml package, other parse options in config-document.ts) must change it.
 */
const KEY_PREFIX = 'veille parsed-yaml 1; yaml 2; core schema, uniqueKeys\0';
/** Entries kept (the most recently added): several config directories may share a state directory. */
const MAX_ENTRIES = 64;

interface CacheFile {
  readonly format: 1;
  readonly entries: readonly (readonly [string, Uint8Array])[];
}

const keyOf = (text: string): string => createHash('sha256').update(KEY_PREFIX).update(text).digest('base64');

function readEntries(bytes: Buffer): Map<string, Uint8Array> {
  const file = deserialize(bytes) as Partial<CacheFile> | null;
  if (file?.format !== 1 || !Array.isArray(file.entries)) return new Map();
  return new Map(file.entries.filter(([key, data]) => typeof key === 'string' && data instanceof Uint8Array));
}

/** Opens the cache at `path`; a missing, unreadable or damaged file is an empty cache. */
export async function openParsedYamlCache(path: string): Promise<ParsedYamlCache> {
  let entries: Map<string, Uint8Array>;
  try {
    entries = readEntries(readFileSync(path));
  } catch {
    entries = new Map();
  }
  let added = false;
  return {
    get(text) {
      const data = entries.get(keyOf(text));
      if (data === undefined) return undefined;
      try {
        return deserialize(data);
      } catch {
        return undefined;
      }
    },
    set(text, data) {
      const key = keyOf(text);
      entries.delete(key);
      entries.set(key, serialize(data));
      added = true;
    },
    async save() {
      if (!added) return;
      const kept = [...entries].slice(-MAX_ENTRIES);
      const temporary = `${path}.${process.pid}.tmp`;
      try {
        // A first run saves before the store has created the state's directory.
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(temporary, serialize({ format: 1, entries: kept } satisfies CacheFile));
        renameSync(temporary, path);
        added = false;
      } catch {
        // A cache that cannot be written only costs the next process a parse.
        try {
          rmSync(temporary, { force: true });
        } catch {
          // Left behind: the next save writes another name (the pid is part of it).
        }
      }
    },
  };
}
