import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Agent, request, type RequestOptions } from 'node:http';
import { createGunzip } from 'node:zlib';
import pLimit from 'p-limit';
import Parser from 'rss-parser';
import { decodeFeedBody } from '../../src/decode/decode-body.js';
import { createConnectionPool, fetchFeed, type FetchFeedResult } from '../../src/fetch/fetch-feed.js';
import { compileMatcher } from '../../src/match/index.js';
import { identifyEntries, type IdentifiedEntry } from '../../src/parse/identify-entries.js';
import { normalizeEntry } from '../../src/parse/normalize-entry.js';
import { parseFeed, type ParsedFeed } from '../../src/parse/parse-feed.js';
import type { FeedItem } from '../../src/parse/feed-item.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { feedUrlOf } from '../server/feed-protocol.js';
import { defaultSettings, loadDefaultWatchRule, sourceName } from '../support/bench-config.js';
import { collectGarbage, measure } from '../support/measure.js';
import type { StageRow, StagesResult, StagesTask } from './case-types.js';

const WARMUP = 100;
/** Documents kept decoded and parsed for the CPU stages. */
const SAMPLE = 50;
const NEW_ITEMS = 5;

interface Fetched {
  readonly url: string;
  readonly body: Buffer;
  readonly bodyHash: string;
  readonly contentType?: string;
  readonly etag?: string;
  readonly lastModified?: string;
}

/** A GET with node:http, gunzipping; resolves with the status and the decoded body length. */
function rawGet(url: string, options: RequestOptions): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, options, (response) => {
      const stream = response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      stream.on('error', reject);
      stream.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/**
 * Each stage of a source's read timed on its own over the same documents, per source: veille's
 * HTTP client against node:http, hashing, decoding, parsing (veille and plain rss-parser), ids,
 * normalizing and matching the new items, and each store operation (on disk and in memory).
 */
export async function runStagesCase(task: StagesTask): Promise<StagesResult> {
  const settings = defaultSettings();
  const urls = Array.from({ length: task.sources }, (_, index) => feedUrlOf(task.ports, index));
  const fetchOptions = {
    userAgent: settings.userAgent,
    connectTimeoutMs: settings.connectTimeoutMs,
    totalTimeoutMs: settings.totalTimeoutMs,
    maxBodyBytes: settings.maxBodyBytes,
    maxRedirects: settings.maxRedirects,
    connections: createConnectionPool(),
  };
  const rows: StageRow[] = [];
  const stage = async <T>(group: string, name: string, body: (count: number) => Promise<T>, perSource = task.sources): Promise<T> => {
    collectGarbage();
    await body(Math.min(WARMUP, task.sources));
    const { value, measurement } = await measure(() => body(task.sources));
    rows.push({ group, stage: name, cpuUsPerSource: (measurement.cpuMs * 1000) / perSource, wallMsTotal: measurement.wallMs });
    return value;
  };
  const parallel = async <T>(count: number, work: (url: string, index: number) => Promise<T>): Promise<T[]> => {
    const limit = pLimit(settings.concurrency);
    return Promise.all(urls.slice(0, count).map((url, index) => limit(() => work(url, index))));
  };
  const serial = async <T>(count: number, work: (index: number) => T | Promise<T>): Promise<T[]> => {
    const out: T[] = [];
    for (let index = 0; index < count; index += 1) out.push(await work(index));
    return out;
  };

  // HTTP: veille's client (keep-alive pool, SSRF guard, timeouts, hash of the bytes as received)
  // against node:http.
  const okOf = (result: FetchFeedResult): Fetched => {
    if (result.kind !== 'ok') throw new Error(`expected a 200, got ${result.kind}`);
    return { url: result.finalUrl, body: result.body, bodyHash: result.bodyHash, ...(result.contentType === undefined ? {} : { contentType: result.contentType }), ...(result.etag === undefined ? {} : { etag: result.etag }), ...(result.lastModified === undefined ? {} : { lastModified: result.lastModified }) };
  };
  const fetched = await stage('http', 'veille fetchFeed: 200, ~150 KB (a third gzip)', (count) => parallel(count, async (url) => okOf(await fetchFeed({ url }, fetchOptions))));
  const validators = (index: number) => {
    const item = fetched[index];
    return { ...(item?.etag === undefined ? {} : { etag: item.etag }), ...(item?.lastModified === undefined ? {} : { lastModified: item.lastModified }) };
  };
  await stage('http', 'veille fetchFeed: conditional, 304', (count) =>
    parallel(count, async (url, index) => {
      const result = await fetchFeed({ url, ...validators(index) }, fetchOptions);
      if (result.kind !== 'not-modified') throw new Error('expected a 304');
    }),
  );
  // The same 200 as a seeded source reads it: compared as received, then dropped undecoded.
  await stage('http', 'veille fetchFeed: 200, same bytes as previousBodyHash', (count) =>
    parallel(count, async (url, index) => {
      const result = await fetchFeed({ url, previousBodyHash: fetched[index]?.bodyHash ?? '' }, fetchOptions);
      if (result.kind !== 'same-body') throw new Error(`expected same-body, got ${result.kind}`);
    }),
  );
  await stage('http', 'veille fetchFeed: 200, changed since previousBodyHash', (count) =>
    parallel(count, async (url) => okOf(await fetchFeed({ url, previousBodyHash: 'changed' }, fetchOptions))),
  );
  const keepAlive = new Agent({ keepAlive: true, maxSockets: settings.concurrency });
  const conditionalHeaders = (index: number): Record<string, string> => ({ 'Accept-Encoding': 'gzip', 'If-None-Match': fetched[index]?.etag ?? '' });
  await stage('http', 'node:http keep-alive GET: 200 + gunzip', (count) => parallel(count, (url) => rawGet(url, { agent: keepAlive, headers: { 'Accept-Encoding': 'gzip' } })));
  await stage('http', 'node:http keep-alive GET: conditional, 304', (count) => parallel(count, (url, index) => rawGet(url, { agent: keepAlive, headers: conditionalHeaders(index) })));
  await stage('http', 'node:http new connection per GET: conditional, 304', (count) => parallel(count, (url, index) => rawGet(url, { agent: false, headers: { ...conditionalHeaders(index), Connection: 'close' } })));
  keepAlive.destroy();

  // Pure work on the documents: a sample of them is prepared once, and each stage goes over the
  // sources cycling through the sample (results dropped), so the heap stays as small as in a cycle.
  const sample = Math.min(SAMPLE, task.sources);
  const doc = (index: number) => fetched[index % sample] ?? fetched[0];
  const texts = fetched.slice(0, sample).map((item) => decodeFeedBody(item.body, item.contentType));
  const text = (index: number) => texts[index % sample] ?? '';
  let sink = 0;
  const each = (work: (index: number) => unknown) => async (count: number) => {
    for (let index = 0; index < count; index += 1) {
      const value = work(index);
      if (value instanceof Promise) await value;
      sink += 1;
    }
  };
  await stage('cpu', 'sha256 of the body', each((index) => createHash('sha256').update(doc(index)?.body ?? '').digest('hex')));
  await stage('cpu', 'decodeFeedBody (bytes to text)', each((index) => decodeFeedBody(doc(index)?.body ?? Buffer.alloc(0), doc(index)?.contentType)));
  await stage('cpu', 'Buffer.toString utf8 (what the floor does)', each((index) => doc(index)?.body.toString('utf8')));
  await stage('cpu', 'veille parseFeed (rss-parser + custom fields + checks)', each((index) => parseFeed(text(index))));
  const parser = new Parser();
  await stage('cpu', 'rss-parser parseString, default options (the floor)', each((index) => parser.parseString(text(index))));
  const feeds: ParsedFeed[] = [];
  for (let index = 0; index < sample; index += 1) feeds.push(await parseFeed(text(index)));
  const feedUrl = (index: number) => doc(index)?.url ?? '';
  await stage('cpu', 'identifyEntries (ids, links) of 50 entries', each((index) => identifyEntries(feeds[index % sample] ?? { title: '', entries: [] }, { source: sourceName(index), feedUrl: feedUrl(index) })));
  const identified: IdentifiedEntry[][] = feeds.map((feed, index) => identifyEntries(feed, { source: sourceName(index), feedUrl: feedUrl(index) }));
  const entriesOf = (index: number) => identified[index % sample] ?? [];
  const now = new Date();
  await stage('cpu', `normalizeEntry of ${NEW_ITEMS} new items (HTML to text, dates)`, each((index) => entriesOf(index).slice(0, NEW_ITEMS).map((entry) => normalizeEntry(entry, { source: sourceName(index), now }))));
  const normalized: FeedItem[][] = identified.map((entries, index) => entries.map((entry) => normalizeEntry(entry, { source: sourceName(index), now })));
  const itemsOf = (index: number) => normalized[index % sample] ?? [];
  const matcher = compileMatcher([{ name: 'cloud-souverain', rule: await loadDefaultWatchRule() }]);
  await stage('cpu', `match ${NEW_ITEMS} new items (default watch)`, each((index) => itemsOf(index).slice(0, NEW_ITEMS).map((item) => matcher.match(item))));
  await stage('cpu', 'normalizeEntry of all 50 items (seeding)', each((index) => entriesOf(index).map((entry) => normalizeEntry(entry, { source: sourceName(index), now }))));
  if (sink < 0) throw new Error('unreachable');

  // The store, one source at a time as veille calls it: on the given directory, then in memory.
  for (const [where, path] of [
    ['file', join(task.dbDir, 'stages.db')],
    ['memory', ':memory:'],
  ] as const) {
    const store = openSqliteStore(path);
    const group = `store (${where === 'file' ? `file in ${task.dbDir}` : ':memory:'})`;
    const at = now.toISOString();
    const idsOf = (index: number) => entriesOf(index).map((entry) => entry.id);
    let round = 0;
    const commit = (index: number, items: readonly FeedItem[], present: readonly string[]) =>
      store.commitSourceSuccess({
        source: sourceName(index),
        url: urls[index] ?? '',
        at,
        validators: { bodyHash: `h${round}-${index}`, ...validators(index) },
        items: items.map((item) => ({ item: { ...item, id: `${item.id}#${round}`, storyKey: `${item.storyKey}#${round}-${index}` }, deliveries: [] })),
        presentItemIds: present,
      });
    await stage(group, 'commitSourceSuccess: seeding, 50 items', (count) => {
      round += 1;
      return serial(count, (index) => commit(index, itemsOf(index), idsOf(index)));
    });
    await stage(group, 'getSource', (count) => serial(count, (index) => store.getSource(sourceName(index))));
    await stage(group, 'recordUnchanged (a 304 or the same body)', (count) => serial(count, (index) => store.recordUnchanged(sourceName(index), urls[index] ?? '', at, { bodyHash: 'x', ...validators(index) })));
    await stage(group, 'unseenItemIds of 50 ids', (count) => serial(count, (index) => store.unseenItemIds(sourceName(index), idsOf(index))));
    await stage(group, `commitSourceSuccess: ${NEW_ITEMS} new items, 55 present`, (count) => {
      round += 1;
      return serial(count, (index) => commit(index, itemsOf(index).slice(0, NEW_ITEMS), idsOf(index)));
    });
    await store.close();
  }
  return { sources: task.sources, rows };
}
