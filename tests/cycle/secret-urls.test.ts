import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();

describe('a feed URL with a secret from the environment', () => {
  it('is shown as written in the config, never with the secret: logs, report, sources, notices', async () => {
    const root = await tempDir();
    const written = `${server.origin}/private.xml?token=\${FEED_TOKEN}`;
    const dir = await writeConfigDir(root, {
      sources: [{ name: 'Private', url: written }],
      extra: 'settings:\n  alert_after: 1\n',
    });
    const env = { VEILLE_DB: join(root, 'veille.db'), FEED_TOKEN: 's3cr3t-t0ken', VEILLE_LOG_LEVEL: 'debug' };
    const once = await runCliInProcess(['once', '--config', dir, '--json'], { env });
    expect(server.requests.map((r) => r.path)).toEqual(['/private.xml']); // the real URL was fetched (404 here)
    const { console: notices, ...report } = JSON.parse(once.stdout) as { console: string[] };
    expect(report).toMatchObject({ failed: 1, failures: [{ source: 'Private', url: written, message: expect.stringContaining(written) }] });
    expect(notices).toEqual(['[veille] Private | Source en échec : Private (1 cycle de suite) | (pas de lien)']);
    const sources = await runCliInProcess(['sources', '--config', dir, '--json'], { env });
    expect(JSON.parse(sources.stdout)).toMatchObject([{ url: written }]);
    for (const output of [once.stdout, once.stderr, sources.stdout, sources.stderr]) expect(output).not.toContain('s3cr3t');
  });
});
