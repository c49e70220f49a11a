import { gzipSync } from 'node:zlib';
import { createArticle, createArticlePool, createHeadline, type Article } from '../corpus/french-article.js';
import { mixIndex } from '../corpus/prng.js';
import { renderAtom, renderRss, type FeedEntry } from './render-feed.js';

/** Which sources answer with ETag + Last-Modified (and honour conditional requests). */
export type ValidatorProfile = 'all' | 'none' | 'half';

export interface CatalogShape {
  readonly sources: number;
  readonly itemsPerFeed: number;
  /** Every n-th source gzips its body when the client accepts it (0: none). */
  readonly gzipEvery: number;
  /** Every n-th source is Atom instead of RSS 2.0 (0: none). */
  readonly atomEvery: number;
}

export interface ChangeRequest {
  /** Sources whose index satisfies (index + offset) % every === 0 change. */
  readonly every: number;
  readonly offset: number;
  /** New items added to each changed source. */
  readonly newItems: number;
  /** Publication time of the new items (default: now). */
  readonly at?: number;
}

export interface InjectedItem {
  readonly source: number;
  readonly title: string;
  readonly summary: string;
  readonly link: string;
}

/** What one GET returns. */
export interface FeedResponse {
  readonly status: 200 | 304 | 404;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

interface CachedBody {
  readonly key: string;
  readonly identity: Buffer;
  readonly gzip: Buffer | undefined;
  readonly etag: string;
  readonly updatedAt: number;
}

interface SourceState {
  head: number;
  /** Publication times of items added after the initial ones: [firstSeq, lastSeq, at]. */
  readonly changes: [number, number, number][];
  readonly injected: Map<number, { readonly article: Article; readonly link: string }>;
  cache: CachedBody | undefined;
}

const ARTICLE_POOL_SIZE = 4096;
/** Initial items are spread over the hours before the catalog's base time. */
const INITIAL_SPACING_MS = 20 * 60_000;

/**
 * The feed server's state: N sources of `itemsPerFeed` items each, built from a pool of
 * deterministic French articles. A source's document depends only on its head (newest item) and
 * the times its items were published, so an unchanged source serves byte-identical bodies, and a
 * reset brings every source back to the same initial documents (same bytes, same validators).
 */
export class FeedCatalog {
  readonly #pool = createArticlePool(ARTICLE_POOL_SIZE);
  readonly #baseTime: number;
  #shape: CatalogShape;
  #validators: ValidatorProfile = 'all';
  #states: SourceState[] = [];
  #epoch = 0;
  #feedUrl: (index: number) => string;

  constructor(shape: CatalogShape, feedUrl: (index: number) => string, baseTime = Date.now()) {
    this.#shape = shape;
    this.#feedUrl = feedUrl;
    this.#baseTime = baseTime;
    this.reset(shape);
  }

  /** Every source back to its initial document; caches of initial documents are kept. */
  reset(shape: CatalogShape): void {
    const sameShape = JSON.stringify(shape) === JSON.stringify(this.#shape);
    this.#shape = shape;
    this.#epoch += 1;
    const previous = sameShape ? this.#states : [];
    this.#states = Array.from({ length: shape.sources }, (_, index) => {
      const cache = previous[index]?.cache;
      return {
        head: shape.itemsPerFeed - 1,
        changes: [],
        injected: new Map(),
        cache: cache?.key === 'initial' ? cache : undefined,
      };
    });
  }

  setValidators(profile: ValidatorProfile): void {
    this.#validators = profile;
  }

  /** Sources served. */
  get size(): number {
    return this.#states.length;
  }

  /** Adds new items to the selected sources; returns how many sources changed. */
  advance(change: ChangeRequest): number {
    const at = change.at ?? Date.now();
    let changed = 0;
    this.#states.forEach((state, index) => {
      if ((index + change.offset) % change.every !== 0 || change.newItems <= 0) return;
      state.changes.push([state.head + 1, state.head + change.newItems, at]);
      state.head += change.newItems;
      changed += 1;
    });
    return changed;
  }

  /** Publishes one given item on top of a source; returns its publication time. */
  inject(item: InjectedItem): number {
    const state = this.#states[item.source];
    if (state === undefined) throw new RangeError(`no source ${item.source}`);
    const at = Date.now();
    const seq = state.head + 1;
    const base = createArticle(seq);
    const summaryHtml = `<p>${item.summary}</p>`;
    const article: Article = { ...base, title: item.title, descriptionHtml: summaryHtml, summaryText: item.summary, kind: 'watch' };
    state.injected.set(seq, { article, link: item.link });
    state.changes.push([seq, seq, at]);
    state.head = seq;
    state.cache = undefined;
    this.#build(item.source, state);
    return at;
  }

  /** Builds every document that is not cached yet (so serving never renders or compresses). */
  prewarm(): number {
    let built = 0;
    this.#states.forEach((state, index) => {
      if (state.cache?.key !== this.#keyOf(state)) {
        this.#build(index, state);
        built += 1;
      }
    });
    return built;
  }

  respond(index: number, headers: { ifNoneMatch?: string; ifModifiedSince?: string; acceptsGzip: boolean }): FeedResponse {
    const state = this.#states[index];
    if (state === undefined) return { status: 404, headers: {} };
    const cached = state.cache?.key === this.#keyOf(state) ? state.cache : undefined;
    const body = cached ?? this.#build(index, state);
    const withValidators = this.#validators === 'all' || (this.#validators === 'half' && index % 2 === 0);
    const lastModified = new Date(body.updatedAt).toUTCString();
    const validatorHeaders: Record<string, string> = withValidators ? { ETag: body.etag, 'Last-Modified': lastModified } : {};
    if (withValidators && isFresh(headers, body.etag, body.updatedAt)) {
      return { status: 304, headers: validatorHeaders };
    }
    const atom = this.#isAtom(index);
    const contentType = atom ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=UTF-8';
    if (headers.acceptsGzip && body.gzip !== undefined) {
      return { status: 200, headers: { ...validatorHeaders, 'Content-Type': contentType, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' }, body: body.gzip };
    }
    return { status: 200, headers: { ...validatorHeaders, 'Content-Type': contentType }, body: body.identity };
  }

  /** Article and link of an item (an injected item wins over the pool). */
  #entry(index: number, state: SourceState, seq: number): FeedEntry {
    const injected = state.injected.get(seq);
    const key = mixIndex(index, seq);
    const pooled = this.#pool[key % ARTICLE_POOL_SIZE] ?? createArticle(seq);
    // Bodies come from the pool; each item gets its own headline (of the same kind), as in real feeds.
    const article = injected?.article ?? { ...pooled, title: createHeadline(key, pooled.kind) };
    const link =
      injected?.link ??
      `https://www.source-${index}.exemple-actu.fr/actualites/article-${seq}.html${seq % 2 === 0 ? '?utm_source=rss&utm_medium=flux' : ''}`;
    const guid = this.#isAtom(index) ? `tag:source-${index}.exemple-actu.fr,2026:article-${seq}` : `source-${index}-article-${seq}`;
    return { article, link, guid, publishedAt: this.#publishedAt(state, seq) };
  }

  #publishedAt(state: SourceState, seq: number): number {
    for (const [first, last, at] of state.changes) if (seq >= first && seq <= last) return at;
    return this.#baseTime - (this.#shape.itemsPerFeed - 1 - seq) * INITIAL_SPACING_MS;
  }

  #keyOf(state: SourceState): string {
    return state.changes.length === 0 ? 'initial' : `${this.#epoch}:${state.head}`;
  }

  #isAtom(index: number): boolean {
    return this.#shape.atomEvery > 0 && index % this.#shape.atomEvery === this.#shape.atomEvery - 1;
  }

  #build(index: number, state: SourceState): CachedBody {
    const entries: FeedEntry[] = [];
    for (let seq = state.head; seq > state.head - this.#shape.itemsPerFeed && seq >= 0; seq -= 1) {
      entries.push(this.#entry(index, state, seq));
    }
    const updatedAt = entries[0]?.publishedAt ?? this.#baseTime;
    const document = {
      title: `Source ${index} – l’actualité IT`,
      siteUrl: `https://www.source-${index}.exemple-actu.fr/`,
      feedUrl: this.#feedUrl(index),
      updatedAt,
      entries,
    };
    const text = this.#isAtom(index) ? renderAtom(document) : renderRss(document, index % 2 === 0);
    const identity = Buffer.from(text, 'utf8');
    const gzip = this.#shape.gzipEvery > 0 && index % this.#shape.gzipEvery === 0 ? gzipSync(identity) : undefined;
    const cache: CachedBody = { key: this.#keyOf(state), identity, gzip, etag: `"s${index}-${state.head}-${this.#keyOf(state) === 'initial' ? 0 : this.#epoch}"`, updatedAt };
    state.cache = cache;
    return cache;
  }
}

function isFresh(headers: { ifNoneMatch?: string; ifModifiedSince?: string }, etag: string, updatedAt: number): boolean {
  if (headers.ifNoneMatch !== undefined) return headers.ifNoneMatch.split(',').some((tag) => tag.trim() === etag);
  if (headers.ifModifiedSince === undefined) return false;
  const since = Date.parse(headers.ifModifiedSince);
  return Number.isFinite(since) && Math.floor(updatedAt / 1000) * 1000 <= since;
}
