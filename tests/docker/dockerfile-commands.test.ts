import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConfigDir } from '../helpers/config-dir.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { logLines } from '../helpers/spawn-cli.js';
import { copyArgs, envPairs, execForm, healthcheck, parseDockerfile, type Stage } from './dockerfile.js';
import { dockerignore } from './dockerignore.js';

/**
 * There is no Docker engine here, so the Dockerfile's own commands are run outside Docker, on a copy of
 * the build context in a temporary directory: its COPYs (respecting .dockerignore), its `npm ci`,
 * build and prune, then its CMD with its ENV, its HEALTHCHECK, and SIGTERM. What cannot run outside
 * a container is listed and checked: system package installs and the /data volume's ownership.
 * Substitutions, and only these: /app is a directory per stage, VEILLE_CONFIG points at a loopback-only
 * config, VEILLE_DB into the temporary directory, and the port (8080) and host (0.0.0.0) become a
 * free loopback port and 127.0.0.1, in CMD and HEALTHCHECK alike. `npm ci` may use the local npm
 * cache (npm_config_prefer_offline=true): there is no internet here.
 */

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const DOCKERFILE = parseDockerfile(await readFile(join(REPO, 'Dockerfile'), 'utf8'));
const IGNORED = dockerignore(await readFile(join(REPO, '.dockerignore'), 'utf8'));
const [BUILD, RUNTIME] = DOCKERFILE.stages as [Stage, Stage];
const of = (stage: Stage, keyword: string) => stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
const one = (stage: Stage, keyword: string) => {
  const found = of(stage, keyword);
  if (found.length !== 1) throw new Error(`expected one ${keyword}, found ${found.length}`);
  return found[0] as string;
};

/** The RUNs that only make sense inside an image: system packages, the volume's owner. */
const SYSTEM_RUNS = [
  'apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*',
  'mkdir -p /data && chown node:node /data',
];

describe('the Dockerfile', () => {
  it('builds in two stages on Node slim images, and runs non-root with a /data volume', () => {
    expect(DOCKERFILE.args).toEqual({ NODE_VERSION: '26' });
    expect(DOCKERFILE.stages.map((stage) => [stage.from, stage.name])).toEqual([
      ['node:26-slim', 'build'],
      ['node:26-slim', undefined],
    ]);
    expect(one(RUNTIME, 'USER')).toBe('node');
    expect(execForm(one(RUNTIME, 'VOLUME'))).toEqual(['/data']);
    expect(envPairs(one(RUNTIME, 'ENV'))).toEqual({ NODE_ENV: 'production', VEILLE_CONFIG: '/app/feeds', VEILLE_DB: '/data/veille.db' });
    expect(one(RUNTIME, 'STOPSIGNAL')).toBe('SIGTERM');
    expect(one(RUNTIME, 'EXPOSE')).toBe('8080');
    expect([...of(BUILD, 'RUN'), ...of(RUNTIME, 'RUN')].filter((command) => SYSTEM_RUNS.includes(command))).toEqual(SYSTEM_RUNS);
  });

  it('starts veille with the endpoint on the exposed port, and checks its health on that port', () => {
    const command = execForm(one(RUNTIME, 'CMD'));
    expect(command).toEqual(['node', 'dist/cli.cjs', 'run', '--http', '8080', '--http-host', '0.0.0.0']);
    const check = healthcheck(one(RUNTIME, 'HEALTHCHECK'));
    expect(check.options).toEqual({ interval: '30s', timeout: '5s', 'start-period': '30s', retries: '3' });
    expect(check.command.slice(0, 2)).toEqual(['node', '-e']);
    expect(check.command[2]).toContain(`'http://127.0.0.1:${command[4]}/healthz'`);
    expect(one(RUNTIME, 'EXPOSE')).toBe(command[4]);
  });
});

describe("the Dockerfile's commands, run outside Docker", () => {
  let work: string;
  let feeds: FeedServer;
  const roots = () => ({ build: join(work, 'build', 'app'), runtime: join(work, 'runtime', 'app'), data: join(work, 'data') });

  /** Runs one stage: WORKDIR, COPY (from the context or the build stage), ENV, and RUN but the system ones. */
  async function runStage(stage: Stage, root: string, log: string[]): Promise<Record<string, string>> {
    const env: Record<string, string> = {};
    let workdir = root;
    const local = (path: string) => (path.startsWith('/app') ? join(root, path.slice('/app'.length)) : join(workdir, path));
    for (const { keyword, args } of stage.instructions) {
      if (keyword === 'WORKDIR') {
        expect(args).toBe('/app');
        workdir = root;
        await mkdir(workdir, { recursive: true });
      } else if (keyword === 'ENV') {
        Object.assign(env, envPairs(args));
      } else if (keyword === 'COPY') {
        const { from, sources, dest } = copyArgs(args);
        for (const source of sources) {
          if (from === undefined) await copyFromContext(source, dest.endsWith('/') ? join(local(dest), posix.basename(source)) : local(dest));
          else await cp(join(roots().build, source.slice('/app'.length)), local(dest), { recursive: true, verbatimSymlinks: true });
        }
      } else if (keyword === 'RUN') {
        if (SYSTEM_RUNS.includes(args)) continue;
        // Only npm commands run here: anything else must be listed above, consciously.
        if (!args.split('&&').every((part) => /^npm( [\w@./=-]+)+$/.test(part.trim()))) throw new Error(`RUN ${args}: not an npm command, and not a known system step`);
        log.push(args);
        const result = await run('/bin/sh', ['-c', args], { cwd: workdir, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', npm_config_prefer_offline: 'true', ...env } });
        if (result.code !== 0) throw new Error(`RUN ${args} exited ${result.code}:\n${result.output.slice(-4000)}`);
      }
    }
    return env;
  }

  /** COPY from the build context: a file, or a directory's content, minus what .dockerignore excludes. */
  async function copyFromContext(source: string, dest: string): Promise<void> {
    if (IGNORED(source)) throw new Error(`COPY ${source}: excluded by .dockerignore`);
    const from = join(REPO, source);
    if (!(await stat(from)).isDirectory()) {
      await mkdir(dirname(dest), { recursive: true });
      await cp(from, dest);
      return;
    }
    for (const entry of await readdir(from, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const relative = posix.join(source, posix.relative(from, join(entry.parentPath, entry.name)));
      if (IGNORED(relative)) continue;
      await mkdir(join(dest, posix.relative(source, posix.dirname(relative))), { recursive: true });
      await cp(join(REPO, relative), join(dest, posix.relative(source, relative)));
    }
  }

  let runtimeEnv: Record<string, string>;
  const buildLog: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'veille-docker-'));
    feeds = await startFeedServer();
    await runStage(BUILD, roots().build, buildLog);
    runtimeEnv = await runStage(RUNTIME, roots().runtime, buildLog);
  }, 280_000);

  afterAll(async () => {
    await feeds?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("runs the build stage's npm ci, build and prune, and assembles a runtime with no dev dependency", async () => {
    expect(buildLog).toEqual(['npm ci', 'npm run build && npm prune --omit=dev']);
    const runtime = await readdir(roots().runtime);
    expect(runtime.sort()).toEqual(['dist', 'feeds', 'node_modules', 'package.json']);
    const modules = await readdir(join(roots().runtime, 'node_modules'));
    expect(modules).toContain('better-sqlite3');
    expect(modules).toContain('prom-client');
    expect(modules).not.toContain('typescript');
    expect(modules).not.toContain('vitest');
    expect(await readdir(join(roots().runtime, 'feeds'))).toEqual(await readdir(join(REPO, 'feeds')));
  });

  it('starts its CMD with its ENV, passes its HEALTHCHECK, and exits 0 on SIGTERM', async () => {
    feeds.set('/a.xml', { body: rss('A', [{ title: 'Huawei, déjà là', link: 'https://news.example/old' }]) });
    const config = await writeConfigDir(work, { sources: [{ name: 'A', url: feeds.url('/a.xml') }] });
    const port = String(await freePort());
    const command = execForm(one(RUNTIME, 'CMD')).map((arg, index, all) => (all[index - 1] === '--http' ? port : all[index - 1] === '--http-host' ? '127.0.0.1' : arg));
    const check = healthcheck(one(RUNTIME, 'HEALTHCHECK')).command.map((arg) => arg.replace('127.0.0.1:8080/', `127.0.0.1:${port}/`));
    const env = { PATH: process.env['PATH'] ?? '', ...runtimeEnv, VEILLE_CONFIG: config, VEILLE_DB: join(roots().data, 'veille.db') };
    expect(Object.keys(env).sort()).toEqual(['NODE_ENV', 'PATH', 'VEILLE_CONFIG', 'VEILLE_DB']);

    const [program = '', ...args] = command;
    const veille = spawn(program, args, { cwd: roots().runtime, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => veille.on('exit', (code, signal) => resolve({ code, signal })));
    const firstCycle = new Promise<void>((resolve, reject) => {
      veille.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (logLines(stderr).some((line) => line['msg'] === 'cycle finished')) resolve();
      });
      void exited.then(() => reject(new Error(`veille exited before its first cycle:\n${stderr}`)));
    });
    try {
      await firstCycle;
      const [checker = '', ...checkArgs] = check;
      expect(await run(checker, checkArgs, { cwd: roots().runtime, env })).toEqual({ code: 0, output: '' });
    } finally {
      veille.kill('SIGTERM');
    }
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(logLines(stderr).map((line) => line['msg']).at(-1)).toBe('stopped');
    expect(logLines(stderr).find((line) => line['msg'] === 'veille started')).toMatchObject({ db: join(roots().data, 'veille.db'), http: `http://127.0.0.1:${port}` });
    // With nothing listening, the same check fails.
    const [checker = '', ...checkArgs] = check;
    expect((await run(checker, checkArgs, { cwd: roots().runtime, env })).code).toBe(1);
  });
});

function run(command: string, args: readonly string[], options: { cwd: string; env: Record<string, string> }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
