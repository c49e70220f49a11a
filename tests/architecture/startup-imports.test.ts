import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * What a `veille once` started by cron loads before its cycle: the modules statically reachable
 * from the bin and the once command. Heavy packages that a cycle may not need are imported where
 * they are used (`await import(...)`, createRequire): a chat SDK on the first post, the feed parser
 * (rss-parser, htmlparser2) and iconv-lite on the first changed document (not in a cycle of 304s),
 * the YAML parser when a config file is not in the config cache, pino-pretty on a terminal, the web
 * server, metrics and scheduler with `veille run`. docs/benchmark.md ("veille once as a process") has what each costs.
 */
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Static value imports of a file (type-only imports and dynamic imports left out). */
function staticImports(path: string): string[] {
  const text = readFileSync(join(SRC, path), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...text.matchAll(/^\s*(import|export)\s(?!type\s)[^'"]*?from\s+'([^']+)'/gm)].map(([, , spec = '']) =>
    spec.startsWith('.') ? relative(SRC, join(SRC, dirname(path), spec)).replace(/\.js$/, '.ts') : spec,
  );
}

function closure(entries: readonly string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    for (const target of staticImports(file)) {
      if (target.endsWith('.ts')) queue.push(target);
      else if (!target.startsWith('node:')) packages.add(target.startsWith('@') ? target.split('/').slice(0, 2).join('/') : target.split('/')[0] ?? target);
    }
  }
  return { files, packages };
}

describe('veille once start-up', () => {
  const once = closure(['cli.ts', 'cli/run-process.ts', 'cli/commands/once-command.ts']);

  it('loads only the packages a cycle needs', () => {
    // The digests' cron (croner) runs in every cycle. The story matcher (src/stories, with its
    // stemmer and stop words) loads with the first item a cycle places (StoryStage.prepare), the
    // digests' grouping with the first digest that holds items.
    expect([...once.packages].sort()).toEqual(['better-sqlite3', 'croner', 'node-cron', 'p-limit', 'pino', 'zod']);
    expect([...once.files].filter((file) => file.startsWith('stories/') || file === 'digest/build-digest.ts')).toEqual([]);
  });

  it("loads no destination kind's client or renderers (only their checks): they load on the first post or digest", () => {
    expect([...once.files].filter((file) => /^deliver\/[a-z]+\/(render\/|[a-z]+-(bot-|webhook-)?destination\.ts$)/.test(file))).toEqual([]);
    expect([...once.files].filter((file) => /^deliver\/[a-z]+\/[a-z]+-checks\.ts$/.test(file)).sort()).toEqual([
      'deliver/discord/discord-checks.ts',
      'deliver/matrix/matrix-checks.ts',
      'deliver/slack/slack-checks.ts',
      'deliver/teams/teams-checks.ts',
    ]);
  });

  it('does not load node:fs/promises (about 3 ms; the config is read with synchronous calls)', () => {
    expect([...once.files].filter((file) => staticImports(file).includes('node:fs/promises'))).toEqual([]);
  });

  it('loads no other command, nor the web server, metrics or scheduler', () => {
    const loaded = [...once.files];
    expect(loaded.filter((file) => file.startsWith('cli/commands/'))).toEqual(['cli/commands/once-command.ts']);
    // A replica's cycle serves the schedule's latest fire time (schedule/previous-fire-time.ts), not the scheduler.
    expect(loaded.filter((file) => /^(web|metrics|http|schedule|replay|opml)\//.test(file))).toEqual(['schedule/previous-fire-time.ts']);
  });
});
