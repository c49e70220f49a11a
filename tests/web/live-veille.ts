import { join } from 'node:path';
import { writeConfigDir } from '../helpers/config-dir.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { logLines, spawnCli, type SpawnedCli } from '../helpers/spawn-cli.js';

export const WEBHOOK = { id: '123456789012345678', token: 'webhook-secret-token-abc' };
export const MISSING_WEBHOOK = { id: '999999999999999999', token: 'missing-secret-token-xyz' };
/** A Slack webhook on a closed loopback port: every send fails, the entries stay pending. */
export const DEAD_SLACK = 'http://127.0.0.1:9/services/T000/B000/slack-secret-xyz';

/** What a hostile feed puts in an item (the page must show it as text). */
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  img: '"><img src=x onerror=alert(1)>',
  js: 'javascript:alert(1)',
  rtl: '\u202Egnp.exe',
};

export interface LiveVeille {
  readonly veille: SpawnedCli;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly feeds: FeedServer;
  readonly discord: FakeDiscord;
  stop(): Promise<void>;
}

const logged = (veille: SpawnedCli, message: string) => logLines(veille.stderr()).filter((line) => line['msg'] === message);

/**
 * A real `veille run --http 0` (the built bin) after its first cycle: two sources (one fine, one
 * answering 500), items matching two watches (one hostile), three destinations: a Discord webhook
 * that accepts, one Discord does not know (failed), a Slack webhook that cannot be reached (pending).
 */
export async function startLiveVeille(root: string, options: { readonly args?: readonly string[]; readonly env?: Readonly<Record<string, string>> } = {}): Promise<LiveVeille> {
  const feeds = await startFeedServer();
  const discord = await startFakeDiscord({ webhooks: [WEBHOOK] });
  const recent = new Date(Date.now() - 3_600_000).toISOString();
  feeds.set(
    '/actu.xml',
    {
      body: rss('Actu', [
        { title: 'Huawei ouvre un centre de données', link: 'https://news.example/huawei-dc', description: 'Le cloud de Huawei en France.', published: recent },
        { title: 'Mistral lève des fonds', link: 'https://news.example/mistral', description: 'Mistral AI.', published: recent },
        {
          // Escaped twice: the feed's title is text that reads like markup once decoded.
          title: `Huawei &lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt; ${HOSTILE.rtl}`,
          guid: 'hostile-1',
          link: HOSTILE.js,
          description: `Huawei ${HOSTILE.js} &lt;script&gt;alert(2)&lt;/script&gt;`,
          published: recent,
        },
        { title: 'Huawei "quoted" link', link: 'https://news.example/q?a="><script>alert(3)</script>', published: recent },
      ]),
    },
  );
  feeds.set('/broken.xml', { body: 'upstream down', status: 500, contentType: 'text/plain' });
  const dir = await writeConfigDir(root, {
    sources: [
      { name: 'Actu', url: feeds.url('/actu.xml'), backfill: '7d' },
      { name: 'Broken', url: feeds.url('/broken.xml') },
    ],
    watches: [
      { name: 'cloud', rule: ['Huawei'], to: ['discord', 'gone', 'slack'] },
      { name: 'ai', rule: ['Mistral'], to: ['discord'] },
    ],
    extra:
      // Only the first cycle at start: a scheduled one in the middle of a test would change what the pages show.
      'schedule: "0 3 1 1 *"\n' +
      'destinations:\n' +
      '  discord:\n    type: discord\n    webhook_url: ${DISCORD_WEBHOOK_URL}\n' +
      '  gone:\n    type: discord\n    webhook_url: ${GONE_WEBHOOK_URL}\n' +
      '  slack:\n    type: slack\n    webhook_url: ${SLACK_WEBHOOK_URL}\n',
  });
  const veille = spawnCli(['run', '--config', dir, '--http', '0', ...(options.args ?? [])], {
    VEILLE_DB: join(root, 'veille.db'),
    VEILLE_DISCORD_API: discord.apiBase,
    DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/${WEBHOOK.id}/${WEBHOOK.token}`,
    GONE_WEBHOOK_URL: `https://discord.com/api/webhooks/${MISSING_WEBHOOK.id}/${MISSING_WEBHOOK.token}`,
    SLACK_WEBHOOK_URL: DEAD_SLACK,
    ...options.env,
  });
  const stop = async () => {
    if (veille.child.exitCode === null && veille.child.signalCode === null) veille.child.kill('SIGTERM');
    // A cycle started by the schedule may be retrying the unreachable Slack webhook: give it 10 s.
    const timer = setTimeout(() => veille.child.kill('SIGKILL'), 10_000);
    await veille.exited;
    clearTimeout(timer);
    await Promise.all([feeds.close(), discord.close()]);
  };
  try {
    await veille.waitFor(() => logged(veille, 'http endpoint listening').length > 0, 'the endpoint listening');
    await veille.waitFor(() => logged(veille, 'cycle finished').length > 0, 'the first cycle');
  } catch (error) {
    await stop();
    throw error;
  }
  const port = Number(logged(veille, 'http endpoint listening')[0]?.['port']);
  return { veille, url: `http://127.0.0.1:${port}`, feeds, discord, stop };
}
