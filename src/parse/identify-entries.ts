import { createHash } from 'node:crypto';
import type { ParsedEntry, ParsedFeed } from './parsed-feed.js';
import { detachedString } from './detached-string.js';
import { normalizeLink } from './normalize-link.js';

export interface IdentifiedEntry {
  readonly entry: ParsedEntry;
  /** Stable id within the source: `guid:...`, `link:...` or `hash:...` (see identifyEntries). */
  readonly id: string;
  /** The same story across sources: the normalized link, else `${source}#${id}`. */
  readonly storyKey: string;
  /** Normalized absolute http(s) link. */
  readonly link?: string;
}

export interface IdentifyContext {
  readonly source: string;
  /** The URL the feed was read from (after redirects): base of relative links. */
  readonly feedUrl: string;
}

interface Candidate {
  readonly entry: ParsedEntry;
  readonly link: string | undefined;
  readonly id: string;
}

/**
 * Ids for dedupe, computed before any HTML is parsed: `guid:<guid>`, else `link:<normalized link>`,
 * else `hash:<sha256 of title + summary as written>`.
 *
 * A guid repeated within the document is disambiguated for every entry carrying it: `|link:<link>`,
 * then `|hash:<content>` while still shared, so distinct entries never collapse (entries equal in
 * guid, link, title and summary are one entry listed twice and keep one id). Link and hash ids are
 * never disambiguated: without a guid, the link is the identity (an updated title keeps its id).
 *
 * storyKey is the normalized link, unless that link is shared by entries with different ids in
 * this document (then it identifies none of them): `${source}#${id}`.
 */
export function identifyEntries(feed: ParsedFeed, ctx: IdentifyContext): IdentifiedEntry[] {
  const candidates: Candidate[] = feed.entries.map((entry) => {
    const link = entry.link === undefined ? undefined : normalizeLink(entry.link, ctx.feedUrl);
    return { entry, link, id: baseId(entry, link) };
  });
  const ids = disambiguateGuids(candidates);
  const sharedLinks = linksOfSeveralIds(candidates, ids);
  return candidates.map(({ entry, link }, index) => {
    const id = ids[index] ?? '';
    const storyKey = link !== undefined && !sharedLinks.has(link) ? link : `${ctx.source}#${id}`;
    return { entry, id, storyKey, ...(link === undefined ? {} : { link }) };
  });
}

function baseId(entry: ParsedEntry, link: string | undefined): string {
  // Copied out of the document, which the id would otherwise keep whole (see detachedString).
  if (entry.guid !== undefined) return detachedString(`guid:${entry.guid}`);
  if (link !== undefined) return `link:${link}`;
  return `hash:${contentHash(entry)}`;
}

function disambiguateGuids(candidates: readonly Candidate[]): string[] {
  const sharedGuids = repeated(candidates.map(({ id }) => id).filter((id) => id.startsWith('guid:')));
  if (sharedGuids.size === 0) return candidates.map(({ id }) => id);
  const withLinks = candidates.map(({ id, link }) => (sharedGuids.has(id) && link !== undefined ? `${id}|link:${link}` : id));
  const stillShared = repeated(withLinks.filter((_id, index) => sharedGuids.has(candidates[index]?.id ?? '')));
  return withLinks.map((id, index) => {
    const candidate = candidates[index];
    return candidate !== undefined && stillShared.has(id) ? `${id}|hash:${contentHash(candidate.entry)}` : id;
  });
}

function contentHash(entry: ParsedEntry): string {
  return createHash('sha256')
    .update(entry.title ?? '')
    .update('\u0000')
    .update(entry.summaryHtml ?? entry.contentHtml ?? '')
    .digest('hex');
}

function repeated(values: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) twice.add(value);
    else seen.add(value);
  }
  return twice;
}

function linksOfSeveralIds(candidates: readonly Candidate[], ids: readonly string[]): Set<string> {
  const firstIdOfLink = new Map<string, string>();
  const shared = new Set<string>();
  candidates.forEach(({ link }, index) => {
    const id = ids[index];
    if (link === undefined || id === undefined) return;
    const first = firstIdOfLink.get(link);
    if (first === undefined) firstIdOfLink.set(link, id);
    else if (first !== id) shared.add(link);
  });
  return shared;
}
