import { Agent, get } from 'node:http';
import { createGunzip } from 'node:zlib';
import pLimit from 'p-limit';
import Parser from 'rss-parser';
import { feedUrlOf } from '../server/feed-protocol.js';
import { collectGarbage } from '../support/measure.js';
import type { RoundSession } from '../support/measure-rounds.js';
import type { FloorResult, FloorTask } from './case-types.js';

interface FloorPass {
  readonly items: number;
  readonly bodyBytes: number;
}

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
 * rss-parser's parseString, nothing else: no state, no ids, no text cleaning, no matching. One pass
 * over every feed per round, repeated in one process as veille's cycles are.
 */
export async function openFloorSession(task: FloorTask): Promise<RoundSession<FloorPass, FloorResult>> {
  const urls = Array.from({ length: task.sources }, (_, index) => feedUrlOf(task.ports, index));
  const agent = new Agent({ keepAlive: true, maxSockets: task.concurrency });
  const parser = new Parser();
  collectGarbage();
  return {
    async round() {
      const limit = pLimit(task.concurrency);
      let items = 0;
      let bodyBytes = 0;
      await Promise.all(
        urls.map((url) =>
          limit(async () => {
            const fetched = await fetchText(url, agent);
            bodyBytes += fetched.bytes;
            items += (await parser.parseString(fetched.text)).items.length;
          }),
        ),
      );
      return { items, bodyBytes };
    },
    async finish(rounds) {
      agent.destroy();
      return {
        measurement: rounds.measurement,
        rounds: { warmup: rounds.warmup, measured: rounds.samples },
        documents: urls.length,
        items: rounds.value.items,
        bodyBytes: rounds.value.bodyBytes,
        ...(rounds.profile === undefined ? {} : { profile: rounds.profile }),
      };
    },
  };
}
