import { REST, Routes } from 'discord.js';
import type { Delivery, Destination, StoryResult } from '../destination.js';
import { DiscordHttpFailure } from '../../errors/discord-http-failure.js';
import { isUnknownMessage } from './discord-webhook-destination.js';
import { truncate } from '../../render/truncate.js';
import { sendOneByOne } from '../send-one-by-one.js';
import { DISCORD_BATCH_LIMIT, DISCORD_BOT_PACING } from './discord-limits.js';
import { renderDiscordMessage, type DiscordRenderOptions } from './render/discord-message.js';
import { renderDiscordDigest } from './render/discord-digest.js';
import { digestMessages } from '../digest-message.js';
import { discordFailure } from './discord-failure.js';
import { discordRestOptions } from './discord-rest-options.js';
import { discordFingerprint } from './discord-settings.js';
import { checkDiscordBotOptions } from './discord-checks.js';

export interface DiscordBotDestinationOptions extends DiscordRenderOptions {
  readonly name: string;
  /** Bot token (a secret), without the `Bot ` prefix. */
  readonly token: string;
  readonly channelId: string;
  /** API root instead of `https://discord.com/api` (e.g. a test server); discord.js appends `/v10`. */
  readonly apiBase?: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
}

/** Posts with a bot token to `POST /channels/{channel.id}/messages` through discord.js's `REST`. */
export function createDiscordBotDestination(options: DiscordBotDestinationOptions): Destination {
  // Only the presentation settings reach the renderer, never the token.
  const { name, token, channelId: _channelId, apiBase: _apiBase, timeoutMs: _timeoutMs, ...renderOptions } = options;
  const { channelId, apiBase, timeoutMs } = checkDiscordBotOptions(options);
  const rest = new REST(discordRestOptions(apiBase, timeoutMs)).setToken(token);
  const label = `Discord channel "${name}"`;
  /** Learnt from the channel's first refusal of a message (see `postTopLevel`). */
  let forum = false;

  return {
    name,
    type: 'discord-bot',
    pacing: DISCORD_BOT_PACING,
    batchLimit: DISCORD_BATCH_LIMIT,
    fingerprint: discordFingerprint('channel', channelId, token),
    requestTimeoutMs: timeoutMs,
    send: (deliveries, signal) => sendOneByOne(name, deliveries, (delivery) => post(delivery, signal)),
    renderDigest: (digest) => digestMessages(name, digest, renderDiscordDigest(digest, renderOptions), (body, key, signal) => postDigest(body, key, signal)),
    async close(): Promise<void> {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };

  /**
   * A story's later coverage (issue 14) is a reply in a thread on its first message: the thread is
   * started from that message the first time (its id is the message's), or is the message's own
   * channel when the message was posted in a thread (a forum post). When the message or its thread is
   * gone (404 Unknown Message / Unknown Channel), the item is posted on its own and becomes the
   * story's post.
   */
  async function post(delivery: Delivery, signal: AbortSignal | undefined): Promise<StoryResult | void> {
    const context = { destination: name, label, secrets: [token], signal, timeoutMs };
    try {
      signal?.throwIfAborted();
      const message = renderDiscordMessage(delivery, renderOptions);
      // With enforce_nonce, Discord returns the message already created with this nonce (a
      // re-send after a crash) instead of posting it twice.
      const body = delivery.idempotencyKey === undefined ? message : { ...message, nonce: delivery.idempotencyKey, enforce_nonce: true };
      const parent = delivery.story?.parent;
      if (parent !== undefined && parent.ref['messageId'] !== undefined) {
        try {
          const threadId = await threadOf(parent, signal);
          await rest.post(Routes.channelMessages(threadId), { body, signal });
          return { attached: true, ref: { ...parent.ref, threadId } };
        } catch (error) {
          if (!isUnknownMessage(error)) throw error;
        }
      }
      const created = await postTopLevel(delivery, message, body, signal);
      if (delivery.story === undefined) return undefined;
      if (typeof created?.id !== 'string') return { attached: false };
      return { attached: false, ref: { messageId: created.id, channelId: typeof created.channel_id === 'string' ? created.channel_id : channelId } };
    } catch (error) {
      throw discordFailure(error, context);
    }
  }

  /**
   * Posts a message of its own in the channel. A forum channel takes no message (400, code 50008):
   * each item is then a forum post (`POST /channels/{forum}/threads`), whose thread later coverage
   * replies in; the client remembers the channel is a forum. (A forum post takes no nonce.)
   */
  /** A digest message: posted at the top level, with its nonce (a re-send after a crash posts nothing twice). */
  async function postDigest(message: object, idempotencyKey: string | undefined, signal: AbortSignal | undefined): Promise<void> {
    const context = { destination: name, label, secrets: [token], signal, timeoutMs };
    try {
      signal?.throwIfAborted();
      const body = idempotencyKey === undefined ? message : { ...message, nonce: idempotencyKey, enforce_nonce: true };
      await rest.post(Routes.channelMessages(channelId), { body, signal });
    } catch (error) {
      throw discordFailure(error, context);
    }
  }

  async function postTopLevel(
    delivery: Delivery,
    message: ReturnType<typeof renderDiscordMessage>,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<{ id?: unknown; channel_id?: unknown } | undefined> {
    if (!forum) {
      try {
        return (await rest.post(Routes.channelMessages(channelId), { body, signal })) as { id?: unknown; channel_id?: unknown } | undefined;
      } catch (error) {
        if (!(error instanceof DiscordHttpFailure && error.status === 400 && error.code === 50008)) throw error;
        forum = true;
      }
    }
    const thread = (await rest.post(Routes.threads(channelId), { body: { name: threadName(delivery.item.title), message }, signal })) as { id?: unknown } | undefined;
    // A forum post's first message has the id of its thread, and lives in it.
    return { id: thread?.id, channel_id: thread?.id };
  }

  /** The thread of a story's first message, started from it if it has none yet. */
  async function threadOf(parent: NonNullable<NonNullable<Delivery['story']>['parent']>, signal: AbortSignal | undefined): Promise<string> {
    const messageId = parent.ref['messageId'] as string;
    const messageChannel = parent.ref['channelId'] ?? channelId;
    if (parent.ref['threadId'] !== undefined) return parent.ref['threadId'];
    // Posted in a thread already (a forum channel's post): the replies go there.
    if (messageChannel !== channelId) return messageChannel;
    try {
      const thread = (await rest.post(Routes.threads(messageChannel, messageId), { body: { name: threadName(parent.lead.item.title), auto_archive_duration: 4320 }, signal })) as { id?: unknown } | undefined;
      return typeof thread?.id === 'string' ? thread.id : messageId;
    } catch (error) {
      // 160004: a thread was already started from this message (a crash before its id was saved).
      if (error instanceof DiscordHttpFailure && error.code === 160004) return messageId;
      throw error;
    }
  }
}

/** A thread's name: the headline, at most 100 characters. */
function threadName(title: string): string {
  return truncate(title.trim() === '' ? 'Sans titre' : title.trim(), 100);
}

