import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envPairs, execForm, parseDockerfile, type Stage } from './dockerfile.js';
import { dockerignore } from './dockerignore.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFile(join(REPO, file), 'utf8');

interface ComposeService {
  readonly profiles?: readonly string[];
  readonly image?: string;
  readonly environment?: Record<string, string>;
  readonly build: string;
  readonly env_file: string;
  readonly volumes: readonly string[];
  readonly ports: readonly string[];
  readonly stop_grace_period: string;
}

const compose = parse(await read('compose.yaml')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
const service = compose.services['veille'] as ComposeService;
const runtime = parseDockerfile(await read('Dockerfile')).stages.at(-1) as Stage;
const dockerArgs = (keyword: string) => runtime.instructions.find((instruction) => instruction.keyword === keyword)?.args ?? '';
const env = envPairs(dockerArgs('ENV'));
const command = execForm(dockerArgs('CMD'));

describe('compose.yaml and .env.example agree with the Dockerfile and the shipped config', () => {
  it('builds the image and reads secrets from .env', () => {
    expect(service.build).toBe('.');
    expect(service.env_file).toBe('.env');
  });

  it('keeps the state in a named volume on the image volume, and mounts the config where VEILLE_CONFIG points', () => {
    const [state, config] = service.volumes.map((volume) => volume.split(':'));
    expect(state).toEqual(['veille-data', execForm(dockerArgs('VOLUME'))[0]]);
    expect(Object.keys(compose.volumes)).toEqual(['veille-data', 'veille-pg']);
    expect(env['VEILLE_DB']?.startsWith('/data/')).toBe(true);
    expect(config).toEqual(['./feeds', env['VEILLE_CONFIG'], 'ro']);
  });

  it("publishes the endpoint's port on the host's loopback only, and waits for a graceful stop", () => {
    expect(service.ports).toEqual([`127.0.0.1:8080:${command[command.indexOf('--http') + 1]}`]);
    expect(service.stop_grace_period).toBe('30s');
  });

  it('the scale profile: PostgreSQL and two replicas on it, each with the config, its own loopback port, and no state volume', () => {
    const inProfile = Object.entries(compose.services).filter(([, entry]) => entry.profiles?.includes('scale')).map(([name]) => name);
    expect(inProfile).toEqual(['postgres', 'replica-1', 'replica-2']);
    expect(service.profiles).toBeUndefined();
    const replicas = ['replica-1', 'replica-2'].map((name) => compose.services[name] as ComposeService);
    for (const replica of replicas) {
      expect(replica.environment?.['VEILLE_DATABASE_URL']).toBe('postgres://veille:${POSTGRES_PASSWORD}@postgres:5432/veille');
      expect(replica.env_file).toBe('.env');
      expect(replica.volumes).toEqual([`./feeds:${env['VEILLE_CONFIG']}:ro`]);
      expect(replica.stop_grace_period).toBe('30s');
    }
    expect(replicas.map((replica) => replica.ports)).toEqual([
      [`127.0.0.1:8081:${command[command.indexOf('--http') + 1]}`],
      [`127.0.0.1:8082:${command[command.indexOf('--http') + 1]}`],
    ]);
    expect((compose.services['postgres'] as ComposeService).image).toBe('postgres:15');
  });

  it('.env.example names every variable the shipped config uses, with no value', async () => {
    const example = await read('.env.example');
    const keys = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/gm)].map(([, key, value]) => ({ key, value }));
    const shipped = await Promise.all((await readdir(join(REPO, 'feeds'))).map((file) => read(join('feeds', file))));
    const used = new Set(shipped.flatMap((text) => [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map(([, name]) => name)));
    expect([...used].filter((name) => !keys.some((entry) => entry.key === name))).toEqual([]);
    expect(keys.filter((entry) => entry.key !== 'VEILLE_LOG_LEVEL' && entry.value !== '')).toEqual([]);
  });

  it('.dockerignore keeps secrets and state out of the build context', async () => {
    const ignored = dockerignore(await read('.dockerignore'));
    expect(['.env', '.env.production', 'data/veille.db', 'veille.db-wal', 'node_modules/x', 'tests/x.ts'].filter((path) => !ignored(path))).toEqual([]);
    expect(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src/cli.ts', 'feeds/sources.yaml'].filter(ignored)).toEqual([]);
  });
});
