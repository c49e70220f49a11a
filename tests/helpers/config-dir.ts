import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface TestConfig {
  readonly sources: readonly { readonly name: string; readonly url: string; readonly backfill?: string }[];
  readonly watches?: readonly { readonly name: string; readonly rule: string | readonly string[]; readonly to?: readonly string[]; readonly sources?: readonly string[] }[];
  /** Extra YAML appended as its own file (destinations, settings...). */
  readonly extra?: string;
}

/** Writes a config directory for tests: console destination, the given sources and watches. */
export async function writeConfigDir(root: string, config: TestConfig): Promise<string> {
  const dir = join(root, 'config');
  await mkdir(dir, { recursive: true });
  const sources = config.sources
    .map((s) => `  - name: ${JSON.stringify(s.name)}\n    url: ${JSON.stringify(s.url)}\n${s.backfill === undefined ? '' : `    backfill: ${s.backfill}\n`}`)
    .join('');
  const watches = (config.watches ?? [{ name: 'cloud', rule: ['Huawei', 'SecNumCloud'] }])
    .map(
      (w) =>
        `  - name: ${JSON.stringify(w.name)}\n    rule: ${JSON.stringify(w.rule)}\n    to: ${JSON.stringify(w.to ?? ['console'])}\n` +
        (w.sources === undefined ? '' : `    sources: ${JSON.stringify(w.sources)}\n`),
    )
    .join('');
  await writeFile(join(dir, 'sources.yaml'), `sources:\n${sources}`);
  await writeFile(join(dir, 'watches.yaml'), `watches:\n${watches}`);
  await writeFile(join(dir, 'destinations.yaml'), 'destinations:\n  console:\n    type: console\n');
  if (config.extra !== undefined) await writeFile(join(dir, 'extra.yaml'), config.extra);
  return dir;
}
