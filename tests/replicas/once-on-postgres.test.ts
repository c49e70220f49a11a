import { describe, expect, it } from 'vitest';
import type { CycleReport } from '../../src/cycle/cycle-report.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { createTestDatabase } from '../helpers/test-database.js';
import { WEBHOOKS, accepted, serveAll, startWorld, type World } from './replica-harness.js';

const tempDir = useTempDirs();

async function once(world: World): Promise<CycleReport> {
  const cli = spawnCli(['once', '--config', world.dir, '--json'], world.env);
  expect(await cli.exited).toEqual({ code: 0, signal: null });
  return JSON.parse(cli.stdout()) as CycleReport;
}

describe('veille once on PostgreSQL (claims of a one-shot process)', () => {
  it('each run reads every source and sends what it found: a run does not keep the destinations from the next one', async () => {
    const database = await createTestDatabase();
    const world = await startWorld(await tempDir(), database.url, 3);
    try {
      expect(await once(world)).toMatchObject({ fetched: 3, seeded: 3, delivered: 0 });
      for (const n of [1, 2]) {
        world.served.get('s001')?.unshift({ title: `Huawei ${n}`, link: `https://news.example/s001/${n}`, guid: `s001-${n}` });
        serveAll(world);
        // Run twice within the schedule's period and the claims' lease: each reads every source.
        expect(await once(world)).toMatchObject({ fetched: 1, notModified: 2, newItems: 1, delivered: WEBHOOKS.length, pending: 0 });
      }
      for (const webhook of WEBHOOKS) expect(accepted(world, webhook)).toEqual(['https://news.example/s001/1', 'https://news.example/s001/2']);
    } finally {
      await world.close();
      await database.drop();
    }
  }, 60_000);
});
