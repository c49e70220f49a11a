import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
import { createLogger } from '../../src/log/logger.js';
import { createApp } from '../../src/main.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { logLines } from '../helpers/spawn-cli.js';
import { createTestClock } from '../helpers/test-clock.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();

/** Level and message of the log lines about sources failing. */
const failureLines = (stderr: string) =>
  logLines(stderr)
    .filter((line) => String(line['msg']).startsWith('source '))
    .map((line) => [line['level'], line['msg']]);

describe('a failing source is logged once per state change', () => {
  it('two cycles failing the same way: one warning, then debug', async () => {
    const root = await tempDir();
    const dir = await writeConfigDir(root, { sources: [{ name: 'Gone', url: server.url('/gone.xml') }] });
    const env = { VEILLE_DB: join(root, 'veille.db'), VEILLE_LOG_LEVEL: 'debug' };
    const first = await runCliInProcess(['once', '--config', dir], { env });
    const second = await runCliInProcess(['once', '--config', dir], { env });
    const error = `HTTP 404 Not Found from ${server.url('/gone.xml')}`;
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(failureLines(first.stderr)).toEqual([[40, `source failed: ${error}`]]);
    expect(failureLines(second.stderr)).toEqual([[20, `source still failing: ${error}`]]);
  });

  it('a new error or a new streak after a recovery warns again', async () => {
    const root = await tempDir();
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }] });
    const config = await loadConfig(dir, readRuntimeEnv({}));
    const clock = createTestClock();
    const stream = new PassThrough();
    let stderr = '';
    stream.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const app = createApp(config, { dbPath: join(root, 'veille.db'), logger: createLogger({ level: 'info', pretty: false, destination: stream }), write: () => undefined, clock });
    const feed = rss('A', [{ title: 'Rien', link: 'https://news.example/1' }]);
    try {
      // The answers of successive cycles; 7 hours between cycles, past any backoff.
      for (const status of [404, 404, 404, 500, 500, 200, 404, 404]) {
        server.set('/a.xml', { body: status === 200 ? feed : 'erreur', status });
        await app.runCycle();
        clock.advance(7 * 3_600_000);
      }
    } finally {
      await app.close();
    }
    const url = server.url('/a.xml');
    // info level: the repeats (debug) are not shown; the recovery itself is not a failure line.
    expect(failureLines(stderr)).toEqual([
      [40, `source failed: HTTP 404 Not Found from ${url}`],
      [40, `source failed: HTTP 500 Internal Server Error from ${url}`],
      [40, `source failed: HTTP 404 Not Found from ${url}`],
    ]);
  });
});
