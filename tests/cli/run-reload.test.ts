import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeConfigDir } from '../helpers/config-dir.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { logLines, spawnCli, type SpawnedCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();
const EVERY_SECOND = 'schedule: "* * * * * *"\n';

const logged = (veille: SpawnedCli, message: string) => logLines(veille.stderr()).filter((line) => line['msg'] === message);
const cycles = (veille: SpawnedCli) => logged(veille, 'cycle finished').length;
const reloadsApplied = (veille: SpawnedCli) => logged(veille, 'configuration reloaded: applies from the next cycle');
const watchesYaml = (rule: readonly string[], to = 'console') => `watches:\n  - name: "cloud"\n    rule: ${JSON.stringify(rule)}\n    to: ["${to}"]\n`;
const sourcesYaml = (sources: readonly { name: string; url: string }[]) => `sources:\n${sources.map((s) => `  - name: "${s.name}"\n    url: "${s.url}"\n`).join('')}`;

async function stop(veille: SpawnedCli): Promise<void> {
  veille.child.kill('SIGINT');
  expect(await veille.exited).toEqual({ code: 0, signal: null });
}

/** Lines of errors and warnings, except ticks skipped while a (held) cycle still runs. */
const problems = (veille: SpawnedCli) =>
  logLines(veille.stderr()).filter((line) => (line['level'] as number) >= 40 && line['msg'] !== 'previous cycle still running; skipping this tick');

describe('veille run reloads its configuration (the built bin, a real process)', () => {
  it('applies a valid change from the next cycle: a new source is seeded without posting, a changed rule takes effect', async () => {
    const root = await tempDir();
    server.set('/a.xml', { body: rss('A', [{ title: 'Huawei, avant le démarrage', link: 'https://news.example/a0' }]), etag: true });
    server.set('/b.xml', { body: rss('B', [{ title: 'OVHcloud, déjà là', link: 'https://news.example/b0' }]), etag: true });
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }], watches: [{ name: 'cloud', rule: ['Huawei'] }], extra: EVERY_SECOND });
    const veille = spawnCli(['run', '--config', dir], { VEILLE_DB: join(root, 'veille.db') });
    await veille.waitFor(() => cycles(veille) >= 1, 'first cycle');
    expect(server.requests.filter((request) => request.path === '/b.xml')).toEqual([]);

    // Edited in place, no signal: the directory watch sees it.
    await writeFile(join(dir, 'sources.yaml'), sourcesYaml([{ name: 'A', url: server.url('/a.xml') }, { name: 'B', url: server.url('/b.xml') }]));
    await writeFile(join(dir, 'watches.yaml'), watchesYaml(['OVHcloud']));
    await veille.waitFor(() => logged(veille, 'first read of this source: its current items are recorded, not posted').some((line) => line['source'] === 'B'), 'B seeded');
    await veille.waitFor(() => reloadsApplied(veille).some((line) => JSON.stringify(line['watches']) === '{"added":[],"removed":[],"changed":["cloud"]}'), 'the rule change applied');
    const applied = reloadsApplied(veille);
    expect(applied.map((line) => line['trigger'])).toEqual(applied.map(() => 'file change'));
    expect(applied.flatMap((line) => (line['sources'] as { added: string[] }).added)).toEqual(['B']);
    const cyclesAtChange = cycles(veille);
    await veille.waitFor(() => cycles(veille) >= cyclesAtChange + 1, 'a cycle on the new configuration');

    server.set('/a.xml', {
      body: rss('A', [
        { title: 'Huawei ouvre une région', link: 'https://news.example/a1' },
        { title: 'OVHcloud ouvre une région', link: 'https://news.example/a2' },
        { title: 'Huawei, avant le démarrage', link: 'https://news.example/a0' },
      ]),
      etag: true,
    });
    server.set('/b.xml', { body: rss('B', [{ title: 'OVHcloud recrute', link: 'https://news.example/b1' }, { title: 'OVHcloud, déjà là', link: 'https://news.example/b0' }]), etag: true });
    await veille.waitFor(({ stdout }) => stdout.includes('news.example/a2') && stdout.includes('news.example/b1'), 'both new matching items posted');
    const cyclesAtPost = cycles(veille);
    await veille.waitFor(() => cycles(veille) >= cyclesAtPost + 2, 'two more cycles');
    await stop(veille);
    expect(veille.stdout().split('\n').filter((line) => line !== '').sort()).toEqual([
      '[cloud] A | OVHcloud ouvre une région | https://news.example/a2 | OVHcloud',
      '[cloud] B | OVHcloud recrute | https://news.example/b1 | OVHcloud',
    ]);
    expect(problems(veille)).toEqual([]);
  });

  it('refuses an invalid change: every problem logged with file and line, /metrics counts the failure, the running configuration goes on', async () => {
    const root = await tempDir();
    server.set('/a.xml', { body: rss('A', [{ title: 'Huawei, avant le démarrage', link: 'https://news.example/a0' }]), etag: true });
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }], watches: [{ name: 'cloud', rule: ['Huawei'] }], extra: EVERY_SECOND });
    const veille = spawnCli(['run', '--config', dir, '--http', '0'], { VEILLE_DB: join(root, 'veille.db') });
    await veille.waitFor(() => logged(veille, 'http endpoint listening').length === 1 && cycles(veille) >= 1, 'first cycle');
    const url = logged(veille, 'http endpoint listening')[0]?.['url'] as string;
    const metricLines = async () => (await (await fetch(`${url}/metrics`)).text()).split('\n').filter((line) => line.startsWith('veille_config_'));
    const startedAt = (await metricLines()).find((line) => line.startsWith('veille_config_last_reload_success_timestamp_seconds '));
    expect(await metricLines()).toEqual([
      'veille_config_reload_total{result="success"} 0',
      'veille_config_reload_total{result="failure"} 0',
      'veille_config_last_reload_successful 1',
      startedAt,
    ]);

    await writeFile(join(dir, 'watches.yaml'), 'watches:\n  - name: "cloud"\n    rule: "Huawei AND ("\n    to: ["nowhere"]\n');
    const refusals = () => logged(veille, 'configuration reload refused: the running configuration stays');
    await veille.waitFor(() => refusals().length === 1, 'the change refused');
    veille.child.kill('SIGHUP');
    await veille.waitFor(() => refusals().length === 2, 'refused again on SIGHUP');
    expect(refusals().map((line) => [line['trigger'], line['problems']])).toEqual([['file change', 2], ['SIGHUP', 2]]);
    const errors = logLines(veille.stderr()).filter((line) => typeof line['msg'] === 'string' && line['msg'].startsWith('configuration reload refused: ') && line['level'] === 50);
    expect(errors.map((line) => [line['trigger'], line['file'], line['line'], line['path']])).toEqual([
      ['file change', join(dir, 'watches.yaml'), 3, 'watches[0].rule'],
      ['file change', join(dir, 'watches.yaml'), 4, 'watches[0].to[0]'],
      ['SIGHUP', join(dir, 'watches.yaml'), 3, 'watches[0].rule'],
      ['SIGHUP', join(dir, 'watches.yaml'), 4, 'watches[0].to[0]'],
    ]);
    expect(await metricLines()).toEqual([
      'veille_config_reload_total{result="success"} 0',
      'veille_config_reload_total{result="failure"} 2',
      'veille_config_last_reload_successful 0',
      startedAt,
    ]);

    // The running configuration (rule Huawei, console) still posts.
    server.set('/a.xml', { body: rss('A', [{ title: 'Huawei ouvre une région', link: 'https://news.example/a1' }, { title: 'Huawei, avant le démarrage', link: 'https://news.example/a0' }]), etag: true });
    await veille.waitFor(({ stdout }) => stdout.includes('news.example/a1'), 'posted by the running configuration');
    await stop(veille);
    expect(veille.stdout()).toBe('[cloud] A | Huawei ouvre une région | https://news.example/a1 | Huawei\n');
    expect(reloadsApplied(veille)).toEqual([]);
  });

  it('sees a Kubernetes ConfigMap update (the ..data symlink swapped)', async () => {
    const root = await tempDir();
    server.set('/a.xml', { body: rss('A', [{ title: 'Huawei, avant le démarrage', link: 'https://news.example/a0' }]), etag: true });
    // The layout kubelet writes: files are links through `..data`, a link to a timestamped directory.
    const dir = join(root, 'config');
    const files = (rule: string[]) => ({
      'sources.yaml': sourcesYaml([{ name: 'A', url: server.url('/a.xml') }]),
      'watches.yaml': watchesYaml(rule),
      'destinations.yaml': 'destinations:\n  console:\n    type: console\n',
      'schedule.yaml': EVERY_SECOND,
    });
    const writeVersion = async (version: string, rule: string[]) => {
      await mkdir(join(dir, version), { recursive: true });
      for (const [name, text] of Object.entries(files(rule))) await writeFile(join(dir, version, name), text);
    };
    await writeVersion('..2026_12_05_10_00_00.1', ['Huawei']);
    await symlink('..2026_12_05_10_00_00.1', join(dir, '..data'));
    for (const name of Object.keys(files([]))) await symlink(join('..data', name), join(dir, name));
    const veille = spawnCli(['run', '--config', dir], { VEILLE_DB: join(root, 'veille.db') });
    await veille.waitFor(() => cycles(veille) >= 1, 'first cycle');

    await writeVersion('..2026_12_05_10_05_00.2', ['OVHcloud']);
    await symlink('..2026_12_05_10_05_00.2', join(dir, '..data_tmp'));
    await rename(join(dir, '..data_tmp'), join(dir, '..data'));
    await rm(join(dir, '..2026_12_05_10_00_00.1'), { recursive: true });
    await veille.waitFor(() => reloadsApplied(veille).length === 1, 'the swap seen');
    expect(reloadsApplied(veille)[0]).toMatchObject({ trigger: 'file change', watches: { added: [], removed: [], changed: ['cloud'] }, scheduleChanged: false });
    const cyclesAtChange = cycles(veille);
    await veille.waitFor(() => cycles(veille) >= cyclesAtChange + 1, 'a cycle on the new configuration');

    server.set('/a.xml', {
      body: rss('A', [{ title: 'Huawei ouvre une région', link: 'https://news.example/a1' }, { title: 'OVHcloud ouvre une région', link: 'https://news.example/a2' }]),
      etag: true,
    });
    await veille.waitFor(({ stdout }) => stdout.includes('news.example/a2'), 'posted by the new rule');
    const cyclesAtPost = cycles(veille);
    await veille.waitFor(() => cycles(veille) >= cyclesAtPost + 1, 'one more cycle');
    await stop(veille);
    expect(veille.stdout()).toBe('[cloud] A | OVHcloud ouvre une région | https://news.example/a2 | OVHcloud\n');
    expect(problems(veille)).toEqual([]);
  });

  it('on SIGHUP during a cycle: that cycle finishes on the configuration it started with, the next one uses the new', async () => {
    const root = await tempDir();
    server.set('/a.xml', { body: rss('A', [{ title: 'Huawei, avant le démarrage', link: 'https://news.example/a0' }]), etag: true });
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }], watches: [{ name: 'cloud', rule: ['Huawei'] }], extra: EVERY_SECOND });
    const veille = spawnCli(['run', '--config', dir], { VEILLE_DB: join(root, 'veille.db') });
    await veille.waitFor(() => cycles(veille) >= 1, 'first cycle');

    let arrived!: () => void;
    const requested = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    server.set('/a.xml', {
      body: rss('A', [
        { title: 'Huawei ouvre une région', link: 'https://news.example/a1' },
        { title: 'OVHcloud ouvre une région', link: 'https://news.example/a2' },
        { title: 'Huawei, avant le démarrage', link: 'https://news.example/a0' },
      ]),
      etag: true,
      hold: () => {
        arrived();
        return released;
      },
    });
    await requested;
    const cyclesBefore = cycles(veille);
    await writeFile(join(dir, 'watches.yaml'), watchesYaml(['OVHcloud']));
    veille.child.kill('SIGHUP');
    await veille.waitFor(() => reloadsApplied(veille).length === 1, 'the reload applied');
    expect(reloadsApplied(veille)[0]).toMatchObject({ trigger: 'SIGHUP', watches: { changed: ['cloud'] } });
    // The held cycle is still running: it was not interrupted.
    expect(cycles(veille)).toBe(cyclesBefore);
    release();
    await veille.waitFor(({ stdout }) => stdout.includes('news.example/a1'), 'the held cycle posted on its own (old) rule');
    await veille.waitFor(() => cycles(veille) >= cyclesBefore + 2, 'a cycle on the new configuration');

    server.set('/a.xml', {
      body: rss('A', [{ title: 'Huawei encore', link: 'https://news.example/a3' }, { title: 'OVHcloud encore', link: 'https://news.example/a4' }]),
      etag: true,
    });
    await veille.waitFor(({ stdout }) => stdout.includes('news.example/a4'), 'the new rule posts');
    const cyclesAtPost = cycles(veille);
    await veille.waitFor(() => cycles(veille) >= cyclesAtPost + 1, 'one more cycle');
    await stop(veille);
    expect(veille.stdout()).toBe(
      '[cloud] A | Huawei ouvre une région | https://news.example/a1 | Huawei\n' + '[cloud] A | OVHcloud encore | https://news.example/a4 | OVHcloud\n',
    );
    expect(problems(veille)).toEqual([]);
  });

  describe('with a Discord destination', () => {
    const WEBHOOKS = [
      { id: '223456789012345678', token: 'first-token' },
      { id: '323456789012345678', token: 'second-token' },
    ];
    let discord: FakeDiscord | undefined;
    afterEach(async () => {
      await discord?.close();
      discord = undefined;
    });

    it('loses nothing pending: an entry deferred before the reload is sent by the rebuilt destination', async () => {
      const fake = await startFakeDiscord({ webhooks: WEBHOOKS });
      discord = fake;
      const root = await tempDir();
      const webhook = (index: number) => `${fake.apiBase}/webhooks/${WEBHOOKS[index]?.id}/${WEBHOOKS[index]?.token}`;
      const destinations = (index: number) => `destinations:\n  chat:\n    type: discord\n    webhook_url: "${webhook(index)}"\n`;
      server.set('/a.xml', { body: rss('A', [{ title: 'Huawei, avant le démarrage', link: 'https://news.example/a0' }]), etag: true });
      const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }], watches: [{ name: 'cloud', rule: ['Huawei'], to: ['chat'] }], extra: EVERY_SECOND });
      await writeFile(join(dir, 'destinations.yaml'), destinations(0));
      const veille = spawnCli(['run', '--config', dir], { VEILLE_DB: join(root, 'veille.db') });
      await veille.waitFor(() => cycles(veille) >= 1, 'first cycle');

      // Every try within the cycle fails: the entry is deferred to a later cycle, still pending.
      fake.enqueue({ status: 503 }, { status: 503 }, { status: 503 });
      server.set('/a.xml', { body: rss('A', [{ title: 'Huawei ouvre une région', link: 'https://news.example/a1' }, { title: 'Huawei, avant le démarrage', link: 'https://news.example/a0' }]), etag: true });
      await veille.waitFor(() => logged(veille, 'delivery failed; will retry in a later cycle').length === 1, 'the entry deferred');

      await writeFile(join(dir, 'destinations.yaml'), destinations(1));
      await veille.waitFor(() => reloadsApplied(veille).length === 1, 'the reload applied');
      expect(reloadsApplied(veille)[0]).toMatchObject({ destinations: { added: [], removed: [], changed: ['chat'] } });
      await veille.waitFor(() => fake.created.length === 1, 'the pending entry sent');
      const cyclesAtPost = cycles(veille);
      await veille.waitFor(() => cycles(veille) >= cyclesAtPost + 1, 'one more cycle');
      await stop(veille);

      expect(fake.requests.map((request) => [request.path.split('/')[4], request.path.includes('/second-token') ? 'second' : 'first'])).toEqual([
        [WEBHOOKS[0]?.id, 'first'],
        [WEBHOOKS[0]?.id, 'first'],
        [WEBHOOKS[0]?.id, 'first'],
        [WEBHOOKS[1]?.id, 'second'],
      ]);
      expect(fake.created).toHaveLength(1);
    });
  });
});
