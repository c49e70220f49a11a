import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../src/cli/source-status.js';
import { formatLocalTime, formatSourcesTable } from '../../src/cli/source-status.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();

describe('veille sources', () => {
  it('shows each source: new, ok, or failing with its last error', async () => {
    const root = await tempDir();
    const env = { VEILLE_DB: join(root, 'veille.db') };
    server.set('/ok.xml', { body: rss('OK', [{ title: 'a', link: 'https://news.example/a' }, { title: 'b', link: 'https://news.example/b' }]) });
    const dir = await writeConfigDir(root, {
      sources: [
        { name: 'OK', url: server.url('/ok.xml') },
        { name: 'Gone', url: server.url('/gone.xml') },
      ],
    });
    const before = await runCliInProcess(['sources', '--config', dir, '--json'], { env });
    expect(before.code).toBe(0);
    expect((JSON.parse(before.stdout) as SourceStatus[]).map((s) => s.status)).toEqual(['new', 'new']);
    // Read-only: no state file (nor its directory) is created, and stderr says why all are new.
    expect(before.stderr).toBe(`veille sources: no state yet (${env.VEILLE_DB} does not exist): veille has not run with this state file\n`);
    expect(existsSync(env.VEILLE_DB)).toBe(false);

    expect((await runCliInProcess(['once', '--config', dir], { env })).code).toBe(0);
    const after = await runCliInProcess(['sources', '--config', dir, '--json'], { env });
    const [ok, gone] = JSON.parse(after.stdout) as SourceStatus[];
    expect(ok).toEqual({
      name: 'OK',
      url: server.url('/ok.xml'),
      status: 'ok',
      lastSuccessAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastError: null,
      consecutiveFailures: 0,
      itemsSeen: 2,
      nextAttemptAt: null,
      intervalSeconds: null,
      intervalReason: 'schedule',
      nextReadAt: null,
      lastReadBy: null,
    });
    expect(gone).toMatchObject({ name: 'Gone', status: 'failing', lastSuccessAt: null, consecutiveFailures: 1, itemsSeen: 0, nextAttemptAt: null, intervalSeconds: null, intervalReason: 'schedule', nextReadAt: null });
    expect(gone?.lastError).toMatchObject({ kind: 'http-status', message: expect.stringContaining('404') });

    const table = await runCliInProcess(['sources', '--config', dir], { env });
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SOURCE\s+STATUS\s+LAST SUCCESS\s+LAST ERROR\s+ITEMS\s+INTERVAL\s+NEXT READ$/);
    expect(lines[1]).toMatch(/^OK\s+ok\s+\d{4}-\d\d-\d\d \d\d:\d\d \S+\s+-\s+2\s+each tick \(schedule\)\s+next tick$/);
    expect(lines[2]).toMatch(/^Gone\s+failing x1\s+-\s+http-status: .*404.*\s+0\s+each tick \(schedule\)\s+next tick$/);
  });

  it('truncates long cells with an ellipsis', () => {
    const table = formatSourcesTable(
      [{ name: 'x'.repeat(50), url: 'https://x.example/', status: 'ok', lastSuccessAt: null, lastError: null, consecutiveFailures: 0, itemsSeen: 1, nextAttemptAt: null, intervalSeconds: null, intervalReason: 'schedule', nextReadAt: null, lastReadBy: null }],
      'Europe/Paris',
    );
    expect(table.split('\n')[1]?.startsWith(`${'x'.repeat(39)}…  ok`)).toBe(true);
  });

  it.each([
    ['2026-12-05T14:03:00.000Z', 'Europe/Paris', '2026-12-05 15:03 CET'],
    ['2026-07-01T00:30:00.000Z', 'Europe/Paris', '2026-07-01 02:30 CEST'],
    ['2026-12-05T14:03:00.000Z', 'UTC', '2026-12-05 14:03 UTC'],
    ['2026-12-05T23:59:00.000Z', 'Asia/Tokyo', '2026-12-06 08:59 GMT+9'],
  ])('shows %s in %s as %s', (iso, zone, shown) => {
    expect(formatLocalTime(iso, zone)).toBe(shown);
  });

  it("shows times in the configured time zone", () => {
    const status = { name: 'A', url: 'https://a.example/', status: 'failing', lastSuccessAt: '2026-12-05T14:03:00.000Z', lastError: { kind: 'timeout', message: 'slow', at: '2026-12-05T15:00:00.000Z' }, consecutiveFailures: 2, itemsSeen: 3, nextAttemptAt: '2026-12-05T15:10:00.000Z', intervalSeconds: 3600, intervalReason: 'backoff', nextReadAt: '2026-12-05T15:10:00.000Z', lastReadBy: null } as const;
    expect(formatSourcesTable([status], 'Europe/Paris').split('\n')[1]).toMatch(/^A\s+failing x2\s+2026-12-05 15:03 CET\s+timeout: slow\s+3\s+1h \(backoff\)\s+2026-12-05 16:10 CET$/);
  });

  it('adds a READ BY column when replicas recorded who read the sources', () => {
    const base = { url: 'https://a.example/', status: 'ok', lastSuccessAt: null, lastError: null, consecutiveFailures: 0, itemsSeen: 1, nextAttemptAt: null, intervalSeconds: null, intervalReason: 'schedule', nextReadAt: null } as const;
    const lines = formatSourcesTable([{ ...base, name: 'A', lastReadBy: 'web-1-4242-a1b2c3' }, { ...base, name: 'B', lastReadBy: null }], 'UTC').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SOURCE\s+STATUS\s+LAST SUCCESS\s+LAST ERROR\s+ITEMS\s+INTERVAL\s+NEXT READ\s+READ BY$/);
    expect(lines[1]).toMatch(/^A\s+ok\s+-\s+-\s+1\s+each tick \(schedule\)\s+next tick\s+web-1-4242-a1b2c3$/);
    expect(lines[2]).toMatch(/^B\s+ok\s+-\s+-\s+1\s+each tick \(schedule\)\s+next tick\s+-$/);
  });
});
