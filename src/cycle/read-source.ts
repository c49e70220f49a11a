import type { SourceConfig } from '../config/config-types.js';
import type { SourceRecord, SourceValidators } from '../store/store.js';
import type { FetchFeedOptions, FetchFeedRequest } from '../fetch/fetch-feed.js';
import { feedHintsOf, keepFeedHints } from './keep-feed-hints.js';
import { recordSourceFailure } from './record-source-failure.js';
import type { SourceDeps } from './run-source.js';
import type { SourceOutcome } from './source-outcome.js';

/**
 * fetch (conditional) -> stop on 304 or the same bytes as last time -> decode -> parse -> ids ->
 * only unseen items are normalized and matched -> one store transaction (from decode on:
 * read-changed-feed.ts). Never throws: a failure
 * is recorded on the source and returned as an outcome.
 */
export async function readSource(source: SourceConfig, record: SourceRecord | undefined, now: Date, deps: SourceDeps): Promise<SourceOutcome> {
  const { store, clock } = deps;
  try {
    // The hash is of the bytes as received (still compressed), so an unchanged body is neither
    // decompressed nor parsed. Stores written before this held the hash of the decompressed bytes:
    // after an upgrade, each source's first body is parsed once more, and posts nothing (its items
    // are already seen).
    const request: Mutable<FetchFeedRequest> = { url: source.url };
    if (record !== undefined) {
      const { etag, lastModified, bodyHash } = record.validators;
      if (etag !== undefined) request.etag = etag;
      if (lastModified !== undefined) request.lastModified = lastModified;
      if (record.seeded && bodyHash !== undefined) request.previousBodyHash = bodyHash;
    }
    const fetched = await deps.fetchFeed(request, fetchOptionsOf(deps));
    const at = clock.now().toISOString();
    if (fetched.kind === 'not-modified') {
      const validators: Mutable<SourceValidators> = { ...record?.validators };
      if (fetched.etag !== undefined) validators.etag = fetched.etag;
      if (fetched.lastModified !== undefined) validators.lastModified = fetched.lastModified;
      await store.recordUnchanged(source.name, source.url, at, validators);
      await keepFeedHints(source.name, record, feedHintsOf(record?.feedHints, fetched.maxAgeMs), deps);
      return { status: 'not-modified' };
    }
    const validators: SourceValidators = {
      bodyHash: fetched.bodyHash,
      ...definedOnly({ etag: fetched.etag, lastModified: fetched.lastModified }),
    };
    if (fetched.kind === 'same-body') {
      await store.recordUnchanged(source.name, source.url, at, validators);
      await keepFeedHints(source.name, record, feedHintsOf(record?.feedHints, fetched.maxAgeMs), deps);
      return { status: 'unchanged' };
    }

    // Decoding, parsing, matching and recording a changed document: loaded on the first one (a
    // cycle where every source answers 304 or sends the same bytes needs none of that code).
    const { readChangedFeed } = await import('./read-changed-feed.js');
    return await readChangedFeed(source, record, now, deps, { fetched, validators, at });
  } catch (error) {
    // Shutting down is not the source's fault: leave its record as it was.
    if (deps.signal?.aborted === true) return { status: 'skipped', until: 'shutdown' };
    return recordSourceFailure(source, record, error, deps);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The fetch options of a cycle's reads: the same for every source, so made once per SourceDeps. */
const optionsByDeps = new WeakMap<SourceDeps, FetchFeedOptions>();

function fetchOptionsOf(deps: SourceDeps): FetchFeedOptions {
  let options = optionsByDeps.get(deps);
  if (options === undefined) {
    const { settings } = deps;
    options = {
      userAgent: settings.userAgent,
      connectTimeoutMs: settings.connectTimeoutMs,
      totalTimeoutMs: settings.totalTimeoutMs,
      maxBodyBytes: settings.maxBodyBytes,
      maxRedirects: settings.maxRedirects,
      connections: deps.connections,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    };
    optionsByDeps.set(deps, options);
  }
  return options;
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  // A loop, not Object.entries/fromEntries: this runs twice per source read.
  const defined: Record<string, string> = {};
  for (const key in values) {
    const value = values[key];
    if (value !== undefined) defined[key] = value;
  }
  return defined as { [K in keyof T]?: string };
}
