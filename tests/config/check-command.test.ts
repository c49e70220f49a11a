import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

const VALID_SOURCES = `sources:
  - name: a
    url: https://a.example/feed
`;
const VALID_DESTINATIONS = `destinations:
  console:
    type: console
`;
const VALID_WATCHES = `watches:
  - name: w
    rule: [Huawei]
    to: [console]
`;

async function configDir(files: Record<string, string>): Promise<string> {
  const dir = join(await tempDir(), 'config');
  await mkdir(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** Problems printed by `veille check`, with the directory prefix removed. */
function problems(stderr: string, dir: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.trim().replaceAll(`${dir}/`, ''));
}

describe('veille check', () => {
  it('accepts a valid config and summarises it', async () => {
    const dir = await configDir({ 'a.yaml': VALID_SOURCES + VALID_DESTINATIONS + VALID_WATCHES });
    const result = await runCliInProcess(['check', '--config', dir]);
    expect(result).toEqual({
      code: 0,
      stdout: "configuration OK: 1 source, 1 watch, destinations: console; schedule '*/10 * * * *'\n",
      stderr: '',
    });
  });

  it('accepts the shipped feeds/ with no secret set (chat destinations skipped)', async () => {
    const result = await runCliInProcess(['check', '--config', 'feeds']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^configuration OK: \d+ sources, 1 watch, destinations: console; not configured: discord \(needs DISCORD_WEBHOOK_URL\), slack \(needs SLACK_WEBHOOK_URL\)/);
  });

  it.each([
    {
      name: 'unknown top-level key',
      files: { 'a.yaml': VALID_SOURCES + VALID_DESTINATIONS + VALID_WATCHES + 'sourcez: []\n' },
      expected: ["a.yaml:11: sourcez: unknown key 'sourcez'"],
    },
    {
      name: 'unknown key in a source',
      files: { 'a.yaml': `sources:\n  - name: a\n    urll: https://a.example/feed\n    url: https://a.example/feed\n` + VALID_DESTINATIONS + VALID_WATCHES },
      expected: ["a.yaml:3: sources[0].urll: unknown key 'urll'"],
    },
    {
      name: 'bad URL scheme',
      files: { 'a.yaml': `sources:\n  - name: a\n    url: ftp://a.example/feed\n` + VALID_DESTINATIONS + VALID_WATCHES },
      expected: ["a.yaml:3: sources[0].url: unsupported scheme 'ftp:' (expected http or https)"],
    },
    {
      name: 'not a URL',
      files: { 'a.yaml': `sources:\n  - name: a\n    url: not a url\n` + VALID_DESTINATIONS + VALID_WATCHES },
      expected: ["a.yaml:3: sources[0].url: 'not a url' is not a valid URL (expected http:// or https://)"],
    },
    {
      name: 'duplicate source names across files',
      files: {
        'a.yaml': VALID_SOURCES + VALID_DESTINATIONS + VALID_WATCHES,
        'b.yaml': `sources:\n  - name: a\n    url: https://b.example/feed\n`,
      },
      expected: ["b.yaml:2: sources[0].name: duplicate source name 'a' (also a.yaml)"],
    },
    {
      name: 'unknown destination in a watch',
      files: { 'a.yaml': VALID_SOURCES + VALID_DESTINATIONS + `watches:\n  - name: w\n    rule: [Huawei]\n    to: [console, dicsord]\n` },
      expected: ["a.yaml:10: watches[0].to[1]: unknown destination 'dicsord' (known: console)"],
    },
    {
      name: 'unknown source in a watch',
      files: { 'a.yaml': VALID_SOURCES + VALID_DESTINATIONS + `watches:\n  - name: w\n    rule: [Huawei]\n    sources: [b]\n    to: [console]\n` },
      expected: ["a.yaml:10: watches[0].sources[0]: unknown source 'b' (known: a)"],
    },
    {
      name: 'invalid cron',
      files: { 'a.yaml': 'schedule: "61 * * * *"\n' + VALID_SOURCES + VALID_DESTINATIONS + VALID_WATCHES },
      expected: ["a.yaml:1: schedule: invalid cron expression '61 * * * *': minute: 61 is a invalid expression for minute"],
    },
    {
      name: 'watch without destinations',
      files: { 'a.yaml': VALID_SOURCES + VALID_DESTINATIONS + `watches:\n  - name: w\n    rule: [Huawei]\n` },
      expected: ['a.yaml:8: watches[0].to: missing required key (expected array, received undefined)'],
    },
    {
      name: 'unset variable in a required destination',
      files: { 'a.yaml': VALID_SOURCES + `destinations:\n  hook:\n    type: discord\n    webhook_url: \${NO_SUCH_VAR}\n` + `watches:\n  - name: w\n    rule: [Huawei]\n    to: [hook]\n` },
      expected: [
        "a.yaml:5: destinations.hook: environment variable NO_SUCH_VAR is not set (mark the destination 'optional: true' to skip it when unset)",
      ],
    },
    {
      name: 'duplicate watch names',
      files: { 'a.yaml': VALID_SOURCES + VALID_DESTINATIONS + VALID_WATCHES + `  - name: w\n    rule: [Bleu]\n    to: [console]\n` },
      expected: ["a.yaml:11: watches[1].name: duplicate watch name 'w' (also a.yaml)"],
    },
    {
      name: 'unknown destination type',
      files: { 'a.yaml': VALID_SOURCES + `destinations:\n  console:\n    type: email\n` + VALID_WATCHES },
      expected: ['a.yaml:6: destinations.console.type: expected type: console, discord, slack, teams or matrix'],
    },
    {
      name: 'rule syntax errors, with watch and column',
      files: {
        'a.yaml':
          VALID_SOURCES + VALID_DESTINATIONS +
          `watches:\n  - name: w\n    rule: "Huawei AND (cloud OR"\n    to: [console]\n  - name: list\n    rule: [Huawei, "*"]\n    to: [console]\n`,
      },
      expected: [
        "a.yaml:9: watches[0].rule: watch 'w': expected a term after 'OR' at column 21",
        "a.yaml:12: watches[1].rule: watch 'list': keyword #2: '*' must end a word (prefix search, as in souverain*) at column 1",
      ],
    },
    {
      name: 'a message template with an unknown placeholder',
      files: {
        'a.yaml':
          VALID_SOURCES +
          'destinations:\n  d:\n    type: discord\n    webhook_url: https://discord.com/api/webhooks/1/abc\n    template: "{title} {nope}"\n' +
          'watches:\n  - name: w\n    rule: [Huawei]\n    to: [d]\n',
      },
      expected: [
        'a.yaml:8: destinations.d.template: template error at line 1, column 9: unknown placeholder "{nope}" (known: {title}, {link}, {source}, {terms}, {excerpt}, {published}, {watch})',
      ],
    },
    {
      name: 'YAML syntax error',
      files: { 'a.yaml': VALID_SOURCES + VALID_DESTINATIONS + VALID_WATCHES, 'b.yaml': 'sources: [\n' },
      expected: [expect.stringMatching(/^b\.yaml:2: YAML syntax: /)],
    },
    {
      name: 'bad duration and size settings',
      files: {
        'a.yaml':
          'settings:\n  timeout: 10 minutes\n  max_body: lots\n  timezone: Europe/Lutece\n  connect_timeout: 0s\n  retention: 0\n' +
          VALID_SOURCES + VALID_DESTINATIONS + VALID_WATCHES,
      },
      expected: [
        'a.yaml:2: settings.timeout: expected a duration of at least 1s, such as 30s',
        'a.yaml:3: settings.max_body: expected a size between 1KiB and 1GiB, such as 10MiB or 512KiB',
        'a.yaml:4: settings.timezone: expected an IANA time zone such as Europe/Paris',
        'a.yaml:5: settings.connect_timeout: expected a duration of at least 100ms, such as 10s',
        'a.yaml:6: settings.retention: expected string, received number',
      ],
    },
    {
      name: 'a per-host limit below 1',
      files: { 'a.yaml': 'settings:\n  per_host: 0\n' + VALID_SOURCES + VALID_DESTINATIONS + VALID_WATCHES },
      expected: ['a.yaml:2: settings.per_host: Too small: expected number to be >=1'],
    },
    {
      name: 'webhook URLs that would send their secret in clear text',
      files: {
        'a.yaml':
          VALID_SOURCES +
          'destinations:\n  d:\n    type: discord\n    webhook_url: http://discord.example/api/webhooks/1/abc\n  s:\n    type: slack\n    webhook_url: http://hooks.example/services/T/B/x\n  ok:\n    type: slack\n    webhook_url: http://127.0.0.1:8080/services/T/B/x\n' +
          'watches:\n  - name: w\n    rule: [Huawei]\n    to: [d, s, ok]\n',
      },
      expected: [
        'a.yaml:7: destinations.d.webhook_url: not a Discord webhook URL (expected https://discord.com/api/webhooks/<id>/<token>)',
        'a.yaml:10: destinations.s.webhook_url: not a Slack incoming webhook URL (expected https://hooks.slack.com/services/<team>/<hook>/<secret>)',
      ],
    },
    {
      name: 'a misspelt key in one source, alone (no false "no source", no false unknown source)',
      files: {
        'a.yaml':
          `sources:\n  - name: a\n    url: https://a.example/feed\n    backfil: 2d\n` + VALID_DESTINATIONS +
          `watches:\n  - name: w\n    rule: [Huawei]\n    sources: [a]\n    to: [console]\n`,
      },
      expected: ["a.yaml:4: sources[0].backfil: unknown key 'backfil'"],
    },
    {
      name: 'an empty keyword beside a rule error of the same file',
      files: {
        'a.yaml':
          VALID_SOURCES + VALID_DESTINATIONS +
          `watches:\n  - name: w\n    rule: [Huawei, ""]\n    to: [console]\n  - name: v\n    rule: "Huawei AND"\n    to: [console]\n  - name: blank\n    rule: "  "\n    to: [console]\n`,
      },
      expected: [
        "a.yaml:9: watches[0].rule: watch 'w': keyword #2: empty keyword at column 1",
        "a.yaml:12: watches[1].rule: watch 'v': expected a term after 'AND' at column 11",
        "a.yaml:15: watches[2].rule: watch 'blank': empty rule: expected at least one term at column 3",
      ],
    },
    {
      name: 'unset variables in a source URL and a setting, beside other problems',
      files: {
        'a.yaml':
          'settings:\n  user_agent: ${NO_UA}\n  timeout: 10 minutes\n' +
          'sources:\n  - name: a\n    url: ${NO_FEED_URL}\n  - name: b\n    url: https://${NO_HOST}/feed\n  - name: c\n    url: ftp://c.example/\n' +
          VALID_DESTINATIONS + VALID_WATCHES,
      },
      expected: [
        'a.yaml:2: settings.user_agent: environment variable NO_UA is not set',
        'a.yaml:3: settings.timeout: expected a duration of at least 1s, such as 30s',
        'a.yaml:6: sources[0].url: environment variable NO_FEED_URL is not set',
        'a.yaml:8: sources[1].url: environment variable NO_HOST is not set',
        "a.yaml:10: sources[2].url: unsupported scheme 'ftp:' (expected http or https)",
      ],
    },
    {
      name: 'sizes out of range, in bytes or with a unit',
      files: { 'a.yaml': 'settings:\n  max_body: 500\n' + VALID_SOURCES + VALID_DESTINATIONS + VALID_WATCHES, 'b.yaml': 'settings:\n  max_redirects: 3\n' },
      expected: ['a.yaml:2: settings.max_body: expected a size between 1KiB and 1GiB, such as 10MiB or 512KiB'],
    },
    {
      name: 'a size over the maximum',
      files: { 'a.yaml': 'settings:\n  max_body: 10GiB\n' + VALID_SOURCES + VALID_DESTINATIONS + VALID_WATCHES },
      expected: ['a.yaml:2: settings.max_body: expected a size between 1KiB and 1GiB, such as 10MiB or 512KiB'],
    },
    {
      name: 'a backfill longer than the retention',
      files: {
        'a.yaml':
          'settings:\n  retention: 30d\n  backfill: 60d\n' +
          `sources:\n  - name: a\n    url: https://a.example/feed\n    backfill: 3650d\n  - name: b\n    url: https://b.example/feed\n    backfill: 2d\n` +
          VALID_DESTINATIONS + VALID_WATCHES,
      },
      expected: [
        'a.yaml:3: settings.backfill: backfill 60d is longer than the retention (30d): items older than the retention are never posted; use at most 30d or raise settings.retention',
        'a.yaml:7: sources[0].backfill: backfill 3650d is longer than the retention (30d): items older than the retention are never posted; use at most 30d or raise settings.retention',
      ],
    },
    {
      name: 'a source interval too short, longer than the retention, and hints that are not a boolean',
      files: {
        'a.yaml':
          'settings:\n  retention: 30d\n  feed_hints: "no"\n' +
          `sources:\n  - name: a\n    url: https://a.example/feed\n    every: 0s\n  - name: b\n    url: https://b.example/feed\n    every: 60d\n  - name: c\n    url: https://c.example/feed\n    every: 1h\n    hints: maybe\n` +
          VALID_DESTINATIONS + VALID_WATCHES,
      },
      expected: [
        'a.yaml:3: settings.feed_hints: expected boolean, received string',
        'a.yaml:7: sources[0].every: expected a duration of at least 1s, such as 30m or 1h',
        'a.yaml:10: sources[1].every: every 60d is longer than the retention (30d): what the source showed would be forgotten between two reads; use at most 30d',
        'a.yaml:14: sources[2].hints: expected boolean, received string',
      ],
    },
    {
      name: 'a story window too short and a watch stories value that is not group or off',
      files: {
        'a.yaml':
          'settings:\n  story_window: 10s\n' +
          VALID_SOURCES + VALID_DESTINATIONS +
          `watches:\n  - name: w\n    rule: [Huawei]\n    to: [console]\n    stories: merge\n`,
      },
      expected: [
        'a.yaml:2: settings.story_window: expected a duration of at least 1m, such as 48h',
        "a.yaml:13: watches[0].stories: expected 'group' (later coverage of a story is attached to its first post) or 'off'",
      ],
    },
  ])('reports $name with file, line and path', async ({ files, expected }) => {
    const dir = await configDir(files);
    const result = await runCliInProcess(['check', '--config', dir]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(problems(result.stderr, dir)).toEqual(expected);
  });

  it('lists every problem at once', async () => {
    const dir = await configDir({
      'a.yaml': `schedule: "every day"\nsources:\n  - name: a\n    url: ftp://x\n  - name: a\n    url: https://x.example/\n` + VALID_DESTINATIONS + `watches:\n  - name: w\n    rule: [Huawei]\n    to: [nowhere]\n`,
    });
    const result = await runCliInProcess(['check', '--config', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`veille: invalid configuration in ${dir} (4 problems):`);
    expect(problems(result.stderr, dir)).toEqual([
      expect.stringMatching(/^a\.yaml:1: schedule: invalid cron expression 'every day': /),
      "a.yaml:4: sources[0].url: unsupported scheme 'ftp:' (expected http or https)",
      "a.yaml:5: sources[1].name: duplicate source name 'a' (also a.yaml)",
      "a.yaml:13: watches[0].to[0]: unknown destination 'nowhere' (known: console)",
    ]);
  });

  it('never prints secret values', async () => {
    const dir = await configDir({
      'a.yaml': VALID_SOURCES + `destinations:\n  hook:\n    type: discord\n    webhook_url: \${HOOK}\n` + `watches:\n  - name: w\n    rule: [Huawei]\n    to: [hook]\n`,
    });
    const result = await runCliInProcess(['check', '--config', dir], { env: { HOOK: 'https://discord.example/not-a-webhook/SECRET-TOKEN' } });
    expect(result.code).toBe(2);
    expect(problems(result.stderr, dir)).toEqual([
      'a.yaml:7: destinations.hook.webhook_url: not a Discord webhook URL (expected https://discord.com/api/webhooks/<id>/<token>)',
    ]);
    expect(result.stderr).not.toContain('SECRET-TOKEN');
  });

  it('accepts a size in GiB or bytes within range', async () => {
    const dir = await configDir({ 'a.yaml': 'settings:\n  max_body: 1GiB\n' + VALID_SOURCES + VALID_DESTINATIONS + VALID_WATCHES, 'b.yaml': 'settings:\n  max_redirects: 3\n' });
    expect((await runCliInProcess(['check', '--config', dir])).code).toBe(0);
    const bytes = await configDir({ 'a.yaml': 'settings:\n  max_body: 2048\n' + VALID_SOURCES + VALID_DESTINATIONS + VALID_WATCHES });
    expect((await runCliInProcess(['check', '--config', bytes])).code).toBe(0);
  });

  it('warns, without failing, about a keyword that looks like a rule', async () => {
    const dir = await configDir({
      'a.yaml': VALID_SOURCES + VALID_DESTINATIONS + `watches:\n  - name: w\n    rule: [Huawei, "=Bleu WITH (Orange OR Capgemini)", "title:SecNumCloud", "Bleu Azure"]\n    to: [console]\n`,
    });
    const result = await runCliInProcess(['check', '--config', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^configuration OK: 1 source, 1 watch,/);
    expect(result.stderr.replaceAll(`${dir}/`, '').split('\n').filter(Boolean)).toEqual([
      "veille: warning: a.yaml:9: watches[0].rule[1]: watch 'w': keyword #2 '=Bleu WITH (Orange OR Capgemini)' looks like a rule, but a keyword list matches each entry as literal text; to combine terms, write the whole rule as one string (rule: \"Huawei OR (=Bleu WITH (Orange OR Capgemini))\")",
      "veille: warning: a.yaml:9: watches[0].rule[2]: watch 'w': keyword #3 'title:SecNumCloud' looks like a rule, but a keyword list matches each entry as literal text; to combine terms, write the whole rule as one string (rule: \"Huawei OR (=Bleu WITH (Orange OR Capgemini))\")",
    ]);
  });

  it('reads *.yaml and *.yml files, in name order, and nothing else', async () => {
    const dir = await configDir({
      'a.yaml': VALID_SOURCES,
      'b.yml': VALID_DESTINATIONS + VALID_WATCHES,
      'c.yaml.bak': 'sources: [nope\n',
      'notes.txt': 'not config',
    });
    expect(await runCliInProcess(['check', '--config', dir])).toEqual({
      code: 0,
      stdout: "configuration OK: 1 source, 1 watch, destinations: console; schedule '*/10 * * * *'\n",
      stderr: '',
    });
  });

  it('reports a missing config directory', async () => {
    const dir = join(await tempDir(), 'nope');
    const result = await runCliInProcess(['check', '--config', dir]);
    expect(result.code).toBe(2);
    expect(problems(result.stderr, dir)[0]).toMatch(/cannot read config directory: ENOENT/);
  });
});
