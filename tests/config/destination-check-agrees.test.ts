import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/**
 * `veille check` and `veille once` read destinations through the same code (each kind's schema
 * and checks, src/deliver/kinds.ts): a config one rejects, the other rejects with the same
 * problems and exit 2; a config one accepts, the other starts.
 */
const tempDir = useTempDirs();

const SOURCES = 'sources:\n  - name: a\n    url: http://127.0.0.1:1/feed.xml\n';
const watchTo = (name: string) => `watches:\n  - name: w\n    rule: [Huawei]\n    to: [${name}]\n`;

async function configDir(destinations: string, to: string): Promise<string> {
  const dir = join(await tempDir(), 'config');
  await mkdir(dir);
  await writeFile(join(dir, 'veille.yaml'), `${SOURCES}destinations:\n${destinations}${watchTo(to)}`);
  return dir;
}

function problems(stderr: string, dir: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.trim().replaceAll(`${dir}/`, ''));
}

const TEAMS_PATH = '/workflows/a1b2c3/triggers/manual/paths/invoke?api-version=1&sig=s3cr3t';

/** Ten broken destinations (and a few more), at least one per kind, each with the problem expected. */
const BROKEN: readonly { readonly name: string; readonly yaml: string; readonly env?: Record<string, string>; readonly problem: string }[] = [
  {
    name: 'console with a key it does not take',
    yaml: '  d:\n    type: console\n    webhook_url: https://x.example\n',
    problem: "veille.yaml:7: destinations.d.webhook_url: unknown key 'webhook_url'",
  },
  {
    name: 'discord webhook: not a webhook URL',
    yaml: '  d:\n    type: discord\n    webhook_url: https://discord.com/api/channels/1/messages\n',
    problem: 'veille.yaml:7: destinations.d.webhook_url: not a Discord webhook URL (expected https://discord.com/api/webhooks/<id>/<token>)',
  },
  {
    name: 'discord: webhook and bot settings at once',
    yaml: '  d:\n    type: discord\n    webhook_url: https://discord.com/api/webhooks/1/abc\n    token: t\n',
    problem: 'veille.yaml:8: destinations.d.token: give either webhook_url, or token with channel_id, not both',
  },
  {
    name: 'discord bot: channel id is a name',
    yaml: '  d:\n    type: discord\n    token: ${BOT_TOKEN}\n    channel_id: general\n',
    env: { BOT_TOKEN: 'bot-token' },
    problem: 'veille.yaml:8: destinations.d.channel_id: must be a Discord id (digits), got "general"',
  },
  {
    name: 'discord bot: request timeout of 0',
    yaml: '  d:\n    type: discord\n    token: t\n    channel_id: "223456789012345678"\n    timeout: 0s\n',
    problem: 'veille.yaml:9: destinations.d.timeout: expected a duration from 1s to 2m, such as 15s',
  },
  {
    name: 'slack webhook: https://hooks.slack.com/not-a-hook (check used to say OK, once crashed)',
    yaml: '  d:\n    type: slack\n    webhook_url: https://hooks.slack.com/not-a-hook\n',
    problem: 'veille.yaml:7: destinations.d.webhook_url: not a Slack incoming webhook URL (expected https://hooks.slack.com/services/<team>/<hook>/<secret>)',
  },
  {
    name: 'slack bot: a channel with a space',
    yaml: '  d:\n    type: slack\n    token: xoxb-1\n    channel: mon canal\n',
    problem: 'veille.yaml:8: destinations.d.channel: must be a conversation id such as C0123456789 (or a channel name), got "mon canal"',
  },
  {
    name: 'slack bot: empty token from the environment',
    yaml: '  d:\n    type: slack\n    token: ${SLACK_TOKEN}\n    channel: C0123456789\n',
    env: { SLACK_TOKEN: ' ' },
    problem: 'veille.yaml:7: destinations.d.token: empty',
  },
  {
    name: 'teams: an old Office 365 connector URL',
    yaml: '  d:\n    type: teams\n    webhook_url: https://contoso.webhook.office.com/webhookb2/abc/IncomingWebhook/def\n',
    problem:
      'veille.yaml:7: destinations.d.webhook_url: not a Teams workflow URL (expected the HTTP POST URL of a Teams Workflows webhook trigger (https://…/workflows/<id>/triggers/manual/paths/invoke?…&sig=…))',
  },
  {
    name: 'teams: webhook URL missing',
    yaml: '  d:\n    type: teams\n    template: "{title}"\n',
    problem: 'veille.yaml:5: destinations.d.webhook_url: missing required key (expected string)',
  },
  {
    name: 'matrix: a room alias instead of a room id',
    yaml: '  d:\n    type: matrix\n    homeserver: https://matrix.example\n    room_id: "#veille:matrix.example"\n    access_token: ${MATRIX_TOKEN}\n',
    env: { MATRIX_TOKEN: 'syt_token' },
    problem: 'veille.yaml:8: destinations.d.room_id: must be a room id such as !abcdef:example.org (room settings → Advanced), got "#veille:matrix.example"',
  },
  {
    name: 'matrix: plain http homeserver',
    yaml: '  d:\n    type: matrix\n    homeserver: http://matrix.example\n    room_id: "!r:matrix.example"\n    access_token: ${MATRIX_TOKEN}\n',
    env: { MATRIX_TOKEN: 'syt_token' },
    problem: 'veille.yaml:7: destinations.d.homeserver: must use https (http only on loopback), got "http://matrix.example"',
  },
  {
    name: 'matrix: access token variable unset',
    yaml: '  d:\n    type: matrix\n    homeserver: https://matrix.example\n    room_id: "!r:matrix.example"\n    access_token: ${MATRIX_TOKEN}\n',
    problem: "veille.yaml:5: destinations.d: environment variable MATRIX_TOKEN is not set (mark the destination 'optional: true' to skip it when unset)",
  },
];

describe('check and once agree on destinations', () => {
  it.each(BROKEN)('$name', async ({ yaml, env, problem }) => {
    const dir = await configDir(yaml, 'd');
    const check = await runCliInProcess(['check', '--config', dir], { env: { ...env } });
    const once = await runCliInProcess(['once', '--config', dir], { env: { ...env, VEILLE_DB: join(dir, 'state.db') } });
    expect(problems(check.stderr, dir)).toEqual([problem]);
    expect([once.code, problems(once.stderr, dir)]).toEqual([check.code, problems(check.stderr, dir)]);
    expect(check.code).toBe(2);
    expect(once.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('accepts one valid destination of every kind, and once starts them all', async () => {
    const yaml = [
      '  console:\n    type: console\n',
      '  dw:\n    type: discord\n    webhook_url: https://discord.com/api/webhooks/123456789012345678/tok-en_1\n    timeout: 15s\n',
      '  db:\n    type: discord\n    token: bot\n    channel_id: "223456789012345678"\n',
      '  sw:\n    type: slack\n    webhook_url: https://hooks.slack.com/services/T0/B0/secret\n    template: "{title} {link}"\n',
      '  sb:\n    type: slack\n    token: xoxb-1\n    channel: C0123456789\n',
      `  teams:\n    type: teams\n    webhook_url: "https://prod-01.westeurope.logic.azure.com:443${TEAMS_PATH}"\n    timeout: 30s\n`,
      '  tchap:\n    type: matrix\n    homeserver: https://matrix.agent.tchap.gouv.fr\n    room_id: "!abc:agent.tchap.gouv.fr"\n    access_token: ${MATRIX_TOKEN}\n',
    ].join('');
    const dir = await configDir(yaml, 'console');
    const env = { MATRIX_TOKEN: 'syt_token' };
    const check = await runCliInProcess(['check', '--config', dir], { env });
    expect([check.code, check.stderr]).toEqual([0, '']);
    expect(check.stdout).toContain('destinations: console, dw, db, sw, sb, teams, tchap;');
    const once = await runCliInProcess(['once', '--config', dir, '--json'], { env: { ...env, VEILLE_DB: join(dir, 'state.db') } });
    expect(once.code).toBe(0);
  });

  it('through the real bin: the Slack not-a-hook URL exits 2 for both, with the same lines and no stack trace', async () => {
    const dir = await configDir('  d:\n    type: slack\n    webhook_url: https://hooks.slack.com/not-a-hook\n', 'd');
    const run = async (command: string) => {
      const cli = spawnCli([command, '--config', dir], { VEILLE_DB: join(dir, 'state.db') });
      const { code } = await cli.exited;
      return { code, stderr: cli.stderr() };
    };
    const [check, once] = [await run('check'), await run('once')];
    expect(check.code).toBe(2);
    expect(once).toEqual(check);
    expect(check.stderr).toContain('destinations.d.webhook_url: not a Slack incoming webhook URL');
  });
});
