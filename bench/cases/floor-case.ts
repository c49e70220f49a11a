import { Agent, get } from 'node:http';
import { createGunzip } from 'node:zlib';
import pLimit from 'p-limit';
import Parser from 'rss-parser';
import { feedUrlOf } from '../server/feed-protocol.js';
import { collectGarbage, measure } from '../support/measure.js';
import { startProfiler, type ProfileSummary } from '../support/profile-summary.js';
import type { FloorResult, FloorTask } from './case-types.js';

interface Fetched {
  readonly text: string;
  readonly bytes: number;
}

/** GET with a keep-alive agent, gunzip when the server compressed: the least an HTTP client can do. */
function fetchText(url: string, agent: Agent): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
      const stream = response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ text: body.toString('utf8'), bytes: body.length });
      });
    }).on('error', reject);
  });
}

/**
 * The floor: every feed fetched (bounded concurrency, like veille's `concurrency`) and parsed with
 * rss-parser's parseString, nothing else: no state, no ids, no text cleaning, no matching.
 */
export async function runFloorCase(task: FloorTask): Promise<FloorResult> {
  const urls = Array.from({ length: task.sources }, (_, index) => feedUrlOf(task.ports, index));
  const agent = new Agent({ keepAlive: true, maxSockets: task.concurrency });
  const parser = new Parser();
  const pass = async (list: readonly string[]) => {
    const limit = pLimit(task.concurrency);
    let items = 0;
    let bodyBytes = 0;
    await Promise.all(
      list.map((url) =>
        limit(async () => {
          const fetched = await fetchText(url, agent);
          bodyBytes += fetched.bytes;
          items += (await parser.parseString(fetched.text)).items.length;
        }),
      ),
    );
    return { items, bodyBytes };
  };
  collectGarbage();
  await pass(urls.slice(0, task.warmupSources));
  const stopProfiler = task.profileFile === undefined ? undefined : await startProfiler(task.profileFile);
  const { value, measurement } = await measure(() => pass(urls));
  const profile: ProfileSummary | undefined = await stopProfiler?.();
  agent.destroy();
  return { measurement, documents: urls.length, items: value.items, bodyBytes: value.bodyBytes, ...(profile === undefined ? {} : { profile }) };
}
