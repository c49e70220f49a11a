// The hostile cycle of hostile-feeds.test.ts, run by the built veille (dist/) in a process of its
// own, so that its peak RSS measures veille alone. The "public" host resolves to the given address,
// which is classified public (every other address keeps its real class).
//
// argv: configDir dbPath publicHost publicAddress
// stdout, one JSON line each: {"event":"cycle",...} after each cycle, {"event":"done",...} at the end.
// stdin: one line from the parent (its feeds changed) between the two cycles.
// The process is never told to exit: it must end by itself once veille is closed.
import { createInterface } from 'node:readline';
import { loadConfig } from '../../dist/config/load-config.js';
import { readRuntimeEnv } from '../../dist/config/runtime-env.js';
import { fetchFeed, isPrivateAddress } from '../../dist/fetch/fetch-feed.js';
import { createApp } from '../../dist/main.js';

const [configDir, dbPath, publicHost, publicAddress] = process.argv.slice(2);
const lookup = async (hostname) => {
  if (hostname === publicHost) return [{ address: publicAddress, family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};
const classifyAddress = (ip) => (ip === publicAddress || !isPrivateAddress(ip) ? 'public' : 'private');
const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

const baselineRssKiB = Math.round(process.memoryUsage().rss / 1024);
const posted = [];
const config = await loadConfig(configDir, readRuntimeEnv({}));
const app = createApp(config, {
  dbPath,
  logger: silent,
  write: (text) => posted.push(...text.split('\n').filter((line) => line !== '')),
  fetchFeed: (request, options) => fetchFeed(request, { ...options, lookup, classifyAddress }),
});
const input = createInterface({ input: process.stdin });
const lines = input[Symbol.asyncIterator]();

send({ event: 'cycle', report: await app.runCycle() });
await lines.next();
input.close();
process.stdin.destroy();
send({ event: 'cycle', report: await app.runCycle() });
await app.close();
send({ event: 'done', baselineRssKiB, maxRssKiB: process.resourceUsage().maxRSS, posted });
