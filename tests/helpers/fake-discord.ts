import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadDiscordValidator } from './openapi-validator.js';

/**
 * A loopback stand-in for Discord's HTTP API v10, enough for discord.js's REST client:
 * - `POST /api/v10/webhooks/:id/:token[?wait=true]`: 200 + message object with `wait=true`, else 204;
 *   404 Unknown Webhook (10015) for an unknown id, 401 Invalid Webhook Token (50027) for a wrong token;
 * - `POST /api/v10/channels/:id/messages`: needs `Authorization: Bot <token>` of a known bot
 *   (else 401), a known channel or a thread it started (else 404 Unknown Channel, 10003); 200 + message object.
 * - `PATCH /api/v10/webhooks/:id/:token/messages/:message_id`: edits a message the webhook posted
 *   (404 Unknown Message, 10008, when there is none or it was deleted); 200 + the message.
 * - `POST /api/v10/channels/:id/messages/:message_id/threads`: a bot starts a thread from a message
 *   of that channel (its id is the message's); 404 Unknown Message (10008) for none, 400 (160004)
 *   when the message has a thread already; 200 + the thread channel.
 * - forum channels (`forumChannelIds`): a message to one is refused (400, 50008); `POST
 *   /api/v10/channels/:forum/threads` creates a post: a thread whose first message has its id.
 * `deleteMessage(id)` deletes a message (and its thread) as a moderator would.
 * Every request is recorded (method, path, query, headers, parsed body) with the errors of its body
 * against Discord's OpenAPI schema; an invalid body gets 400 Invalid Form Body (50035).
 * Scripted answers (`enqueue`) are served first, one per request, in order.
 */

export type ScriptedDiscordResponse =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  /** Destroy the socket without answering. */
  | { readonly network: 'reset' }
  /** Never answer (until the fake closes). */
  | { readonly network: 'hang' };

export interface RecordedDiscordRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  readonly body: unknown;
  readonly route: 'webhook' | 'channel-message' | 'webhook-edit' | 'thread-start' | 'forum-thread' | 'unknown';
  /** Errors of the body against the OpenAPI request schema (empty when valid or not applicable). */
  readonly schemaErrors: readonly string[];
}

export interface FakeDiscordOptions {
  readonly webhooks?: readonly { readonly id: string; readonly token: string; readonly channelId?: string }[];
  readonly bots?: readonly { readonly token: string; readonly channelIds: readonly string[] }[];
  /** Channels (among the bots' channels) that are forums. */
  readonly forumChannelIds?: readonly string[];
  /** Called with each request as it is recorded (e.g. to stamp it with a test clock's time). */
  readonly onRequest?: (request: RecordedDiscordRequest) => void;
}

export interface FakeDiscord {
  /** `http://127.0.0.1:<port>/api`: pass as `apiBase` (discord.js appends `/v10`). */
  readonly apiBase: string;
  readonly requests: RecordedDiscordRequest[];
  /** Messages the fake created (answered 2xx for); a re-send with an enforced nonce creates none. */
  readonly created: readonly unknown[];
  /** Live messages by id, as last edited (deleted ones are gone). */
  readonly messages: ReadonlyMap<string, Record<string, unknown>>;
  /** Threads started, by id (the id of the message they were started from). */
  readonly threads: ReadonlyMap<string, { readonly parentId: string; readonly name: string }>;
  deleteMessage(id: string): void;
  enqueue(...responses: ScriptedDiscordResponse[]): void;
  close(): Promise<void>;
}

/** Discord's 429 answer: body `retry_after` in (fractional) seconds, `Retry-After` header rounded up. */
export function discordRateLimited(retryAfterSeconds: number, global = false): ScriptedDiscordResponse {
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global },
    headers: {
      'retry-after': String(Math.ceil(retryAfterSeconds)),
      'x-ratelimit-scope': global ? 'global' : 'user',
      ...(global ? { 'x-ratelimit-global': 'true' } : {}),
    },
  };
}

const WEBHOOK_ROUTE = /^\/api\/v10\/webhooks\/(\d+)\/([^/]+)$/;
const CHANNEL_ROUTE = /^\/api\/v10\/channels\/(\d+)\/messages$/;
const WEBHOOK_EDIT_ROUTE = /^\/api\/v10\/webhooks\/(\d+)\/([^/]+)\/messages\/(\d+)$/;
const THREAD_ROUTE = /^\/api\/v10\/channels\/(\d+)\/messages\/(\d+)\/threads$/;
const FORUM_ROUTE = /^\/api\/v10\/channels\/(\d+)\/threads$/;

let snowflakeCounter = 0n;
function nextSnowflake(): string {
  snowflakeCounter += 1n;
  return ((BigInt(Date.now() - 1420070400000) << 22n) + snowflakeCounter).toString();
}

function messageObject(body: unknown, channelId: string, webhookId?: string): Record<string, unknown> {
  const payload = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const id = webhookId ?? '111111111111111111';
  return {
    id: nextSnowflake(),
    type: 0,
    content: typeof payload['content'] === 'string' ? payload['content'] : '',
    channel_id: channelId,
    author: { id, username: 'veille', avatar: null, discriminator: '0000', public_flags: 0, flags: 0, bot: true, global_name: null },
    attachments: [],
    embeds: Array.isArray(payload['embeds']) ? payload['embeds'] : [],
    mentions: [],
    mention_roles: [],
    pinned: false,
    mention_everyone: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: 0,
    components: [],
    ...(webhookId === undefined ? {} : { webhook_id: webhookId }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body?: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (body === undefined) {
    response.writeHead(status, headers).end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const validator = loadDiscordValidator();
  const requests: RecordedDiscordRequest[] = [];
  const script: ScriptedDiscordResponse[] = [];
  const webhooks = options.webhooks ?? [];
  const createdMessages: unknown[] = [];
  const messagesByNonce = new Map<string, unknown>();
  const bots = options.bots ?? [];
  const messages = new Map<string, Record<string, unknown>>();
  const threads = new Map<string, { parentId: string; name: string }>();

  const server = createServer((request, response) => {
    void (async () => {
      const rawBody = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://fake');
      let body: unknown;
      try {
        body = rawBody === '' ? undefined : JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
      const webhookMatch = WEBHOOK_ROUTE.exec(url.pathname);
      const channelMatch = CHANNEL_ROUTE.exec(url.pathname);
      const editMatch = WEBHOOK_EDIT_ROUTE.exec(url.pathname);
      const threadMatch = THREAD_ROUTE.exec(url.pathname);
      const forumMatch = FORUM_ROUTE.exec(url.pathname);
      const route =
        request.method === 'POST' && webhookMatch ? 'webhook'
        : request.method === 'POST' && channelMatch ? 'channel-message'
        : request.method === 'PATCH' && editMatch ? 'webhook-edit'
        : request.method === 'POST' && threadMatch ? 'thread-start'
        : request.method === 'POST' && forumMatch ? 'forum-thread'
        : 'unknown';
      const schemaErrors =
        route === 'webhook' ? validator.webhookExecute(body)
        : route === 'channel-message' ? validator.channelMessage(body)
        : route === 'webhook-edit' ? validator.webhookEdit(body)
        : route === 'thread-start' ? validator.startThread(body)
        : route === 'forum-thread' ? validator.forumThread(body)
        : [];
      const recorded: RecordedDiscordRequest = {
        method: request.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: request.headers,
        rawBody,
        body,
        route,
        schemaErrors,
      };
      requests.push(recorded);
      options.onRequest?.(recorded);

      const scripted = script.shift();
      if (scripted !== undefined) {
        if ('network' in scripted) {
          if (scripted.network === 'reset') request.socket.destroy();
          return; // 'hang': leave the response open
        }
        send(response, scripted.status, scripted.body, scripted.headers);
        return;
      }

      if (route === 'webhook' && webhookMatch) {
        const [, id, token] = webhookMatch;
        const webhook = webhooks.find((w) => w.id === id);
        if (webhook === undefined) return send(response, 404, { message: 'Unknown Webhook', code: 10015 });
        if (webhook.token !== token) return send(response, 401, { message: 'Invalid Webhook Token', code: 50027 });
        if (schemaErrors.length > 0) return send(response, 400, { message: 'Invalid Form Body', code: 50035, errors: schemaErrors });
        if (url.searchParams.get('wait') !== 'true') return send(response, 204);
        const created = messageObject(body, webhook.channelId ?? '222222222222222222', webhook.id);
        createdMessages.push(created);
        messages.set(created['id'] as string, created);
        return send(response, 200, created);
      }
      if (route === 'webhook-edit' && editMatch) {
        const [, id, token, messageId] = editMatch;
        const webhook = webhooks.find((w) => w.id === id);
        if (webhook === undefined) return send(response, 404, { message: 'Unknown Webhook', code: 10015 });
        if (webhook.token !== token) return send(response, 401, { message: 'Invalid Webhook Token', code: 50027 });
        const message = messages.get(messageId ?? '');
        if (message === undefined || message['webhook_id'] !== id) return send(response, 404, { message: 'Unknown Message', code: 10008 });
        if (schemaErrors.length > 0) return send(response, 400, { message: 'Invalid Form Body', code: 50035, errors: schemaErrors });
        const payload = (body ?? {}) as Record<string, unknown>;
        const edited = { ...message, ...(Array.isArray(payload['embeds']) ? { embeds: payload['embeds'] } : {}), edited_timestamp: new Date().toISOString() };
        messages.set(messageId as string, edited);
        return send(response, 200, edited);
      }
      if (route === 'forum-thread' && forumMatch) {
        const [, channelId] = forumMatch;
        const bot = bots.find((b) => request.headers.authorization === `Bot ${b.token}`);
        if (bot === undefined) return send(response, 401, { message: '401: Unauthorized', code: 0 });
        if (channelId === undefined || !bot.channelIds.includes(channelId)) return send(response, 404, { message: 'Unknown Channel', code: 10003 });
        if (schemaErrors.length > 0) return send(response, 400, { message: 'Invalid Form Body', code: 50035, errors: schemaErrors });
        const threadId = nextSnowflake();
        const name = String((body as { name?: unknown }).name);
        const starter = { ...messageObject((body as { message?: unknown }).message, threadId), id: threadId };
        createdMessages.push(starter);
        messages.set(threadId, starter);
        threads.set(threadId, { parentId: channelId, name });
        return send(response, 201, { id: threadId, type: 11, parent_id: channelId, name, guild_id: '333333333333333333', owner_id: '111111111111111111', message: starter });
      }
      if (route === 'thread-start' && threadMatch) {
        const [, channelId, messageId] = threadMatch;
        const bot = bots.find((b) => request.headers.authorization === `Bot ${b.token}`);
        if (bot === undefined) return send(response, 401, { message: '401: Unauthorized', code: 0 });
        if (channelId === undefined || !bot.channelIds.includes(channelId)) return send(response, 404, { message: 'Unknown Channel', code: 10003 });
        const message = messages.get(messageId ?? '');
        if (message === undefined || message['channel_id'] !== channelId) return send(response, 404, { message: 'Unknown Message', code: 10008 });
        if (schemaErrors.length > 0) return send(response, 400, { message: 'Invalid Form Body', code: 50035, errors: schemaErrors });
        if (threads.has(messageId as string)) return send(response, 400, { message: 'A thread has already been created for this message', code: 160004 });
        const name = String((body as { name?: unknown }).name);
        threads.set(messageId as string, { parentId: channelId, name });
        return send(response, 201, { id: messageId, type: 11, parent_id: channelId, name, guild_id: '333333333333333333', owner_id: '111111111111111111' });
      }
      if (route === 'channel-message' && channelMatch) {
        const [, channelId] = channelMatch;
        const bot = bots.find((b) => request.headers.authorization === `Bot ${b.token}`);
        if (bot === undefined) return send(response, 401, { message: '401: Unauthorized', code: 0 });
        const inThread = channelId !== undefined && threads.has(channelId) && bot.channelIds.includes(threads.get(channelId)?.parentId ?? '');
        if (channelId === undefined || (!bot.channelIds.includes(channelId) && !inThread)) return send(response, 404, { message: 'Unknown Channel', code: 10003 });
        if ((options.forumChannelIds ?? []).includes(channelId)) return send(response, 400, { message: 'Cannot send messages in a non-text channel', code: 50008 });
        if (schemaErrors.length > 0) return send(response, 400, { message: 'Invalid Form Body', code: 50035, errors: schemaErrors });
        // Like Discord: with enforce_nonce, a nonce already used returns that message, creating none.
        const { nonce, enforce_nonce: enforceNonce } = (body ?? {}) as { nonce?: unknown; enforce_nonce?: unknown };
        const nonceKey = `${channelId}:${String(nonce)}`;
        const earlier = enforceNonce === true && nonce !== undefined ? messagesByNonce.get(nonceKey) : undefined;
        if (earlier !== undefined) return send(response, 200, earlier);
        const created = messageObject(body, channelId);
        createdMessages.push(created);
        messages.set(created['id'] as string, created);
        if (enforceNonce === true && nonce !== undefined) messagesByNonce.set(nonceKey, created);
        return send(response, 200, created);
      }
      return send(response, 404, { message: '404: Not Found', code: 0 });
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiBase: `http://127.0.0.1:${port}/api`,
    requests,
    created: createdMessages,
    messages,
    threads,
    deleteMessage: (id) => {
      messages.delete(id);
      threads.delete(id);
    },
    enqueue: (...responses) => void script.push(...responses),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
