import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for Slack:
 * - incoming webhooks `POST /services/:team/:hook/:secret` (JSON): 200 `ok` (text); 404 `no_service`
 *   for an unknown hook, 403 `invalid_token` for a wrong secret, 400 `invalid_blocks` for a payload
 *   breaking Block Kit limits;
 * - Web API `POST /api/chat.postMessage` (form-encoded as @slack/web-api sends it, or JSON): HTTP 200
 *   with `{ ok: true, channel, ts, message }`, or `{ ok: false, error }` for `not_authed`,
 *   `invalid_auth`, `channel_not_found`, `invalid_blocks`, like Slack.
 * - `POST /api/chat.postMessage` with `thread_ts`: a reply in the thread of a live message
 *   (`thread_not_found` when there is none or it was deleted); `POST /api/chat.update`: rewrites a
 *   live message (`message_not_found` otherwise). `deleteMessage(ts)` deletes one.
 * Every request is recorded with its parsed payload and its Block Kit limit violations.
 * Scripted answers (`enqueue`) are served first, one per request, in order.
 */

export type ScriptedSlackResponse =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly network: 'reset' }
  | { readonly network: 'hang' };

export interface RecordedSlackRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  /** JSON body, or form fields with `blocks`/`attachments` JSON-decoded. */
  readonly payload: Record<string, unknown>;
  readonly route: 'webhook' | 'chat.postMessage' | 'chat.update' | 'unknown';
  readonly violations: readonly string[];
}

export interface FakeSlackOptions {
  readonly webhooks?: readonly { readonly team: string; readonly hook: string; readonly secret: string }[];
  readonly bots?: readonly { readonly token: string; readonly channels: readonly string[] }[];
}

export interface FakeSlack {
  readonly baseUrl: string;
  /** `http://127.0.0.1:<port>/api/`: pass as `apiBase`. */
  readonly apiBase: string;
  webhookUrl(team: string, hook: string, secret: string): string;
  readonly requests: RecordedSlackRequest[];
  /** Live messages by ts, as last updated. */
  readonly messages: ReadonlyMap<string, Record<string, unknown>>;
  deleteMessage(ts: string): void;
  enqueue(...responses: ScriptedSlackResponse[]): void;
  close(): Promise<void>;
}

const WEBHOOK_ROUTE = /^\/services\/([^/]+)\/([^/]+)\/([^/]+)$/;

function text(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string'
    ? (value as { text: string }).text
    : undefined;
}

function checkTextObject(where: string, value: unknown, max: number, types: readonly string[], out: string[]): void {
  const object = value as { type?: unknown; emoji?: unknown; verbatim?: unknown } | undefined;
  const content = text(value);
  if (object === undefined || content === undefined || !types.includes(String(object.type))) {
    out.push(`${where}: expected a ${types.join('/')} text object`);
    return;
  }
  if (content.length < 1 || content.length > max) out.push(`${where}: text length ${content.length} not in 1..${max}`);
  if (object.type === 'mrkdwn' && object.emoji !== undefined) out.push(`${where}: emoji is only for plain_text`);
  if (object.type === 'plain_text' && object.verbatim !== undefined) out.push(`${where}: verbatim is only for mrkdwn`);
}

/** Block Kit limits Slack enforces on what veille sends (header, section, context, divider). */
export function slackViolations(payload: Record<string, unknown>): string[] {
  const out: string[] = [];
  const blocks = payload['blocks'];
  if (typeof payload['text'] !== 'string' && blocks === undefined) out.push('text or blocks is required');
  if (blocks === undefined) return out;
  if (!Array.isArray(blocks)) return ['blocks: not an array'];
  if (blocks.length > 50) out.push(`blocks: ${blocks.length} > 50`);
  blocks.forEach((block: Record<string, unknown>, index) => {
    const where = `blocks[${index}]`;
    switch (block['type']) {
      case 'header':
        checkTextObject(`${where}.text`, block['text'], 150, ['plain_text'], out);
        break;
      case 'section':
        checkTextObject(`${where}.text`, block['text'], 3000, ['plain_text', 'mrkdwn'], out);
        break;
      case 'context': {
        const elements = block['elements'];
        if (!Array.isArray(elements) || elements.length < 1 || elements.length > 10) out.push(`${where}.elements: 1..10 required`);
        else elements.forEach((element, i) => checkTextObject(`${where}.elements[${i}]`, element, 3000, ['plain_text', 'mrkdwn'], out));
        break;
      }
      case 'divider':
        break;
      default:
        out.push(`${where}: unexpected block type ${String(block['type'])}`);
    }
  });
  return out;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parsePayload(raw: string, contentType: string | undefined): Record<string, unknown> {
  try {
    if (contentType?.startsWith('application/x-www-form-urlencoded')) {
      const fields: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
      for (const key of ['blocks', 'attachments', 'metadata']) {
        if (typeof fields[key] === 'string') fields[key] = JSON.parse(fields[key]);
      }
      return fields;
    }
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (typeof body === 'string') {
    response.writeHead(status, { 'content-type': 'text/html', ...headers }).end(body);
  } else {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body ?? {}));
  }
}

let tsCounter = 0;

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const requests: RecordedSlackRequest[] = [];
  const script: ScriptedSlackResponse[] = [];
  const webhooks = options.webhooks ?? [];
  const bots = options.bots ?? [];
  const messages = new Map<string, Record<string, unknown>>();

  const server = createServer((request, response) => {
    void (async () => {
      const rawBody = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://fake');
      const payload = parsePayload(rawBody, request.headers['content-type']);
      const webhookMatch = WEBHOOK_ROUTE.exec(url.pathname);
      const route =
        request.method === 'POST' && webhookMatch ? 'webhook'
        : request.method === 'POST' && url.pathname === '/api/chat.postMessage' ? 'chat.postMessage'
        : request.method === 'POST' && url.pathname === '/api/chat.update' ? 'chat.update'
        : 'unknown';
      const violations = route === 'unknown' ? [] : slackViolations(payload);
      requests.push({ method: request.method ?? '', path: url.pathname, headers: request.headers, rawBody, payload, route, violations });

      const scripted = script.shift();
      if (scripted !== undefined) {
        if ('network' in scripted) {
          if (scripted.network === 'reset') request.socket.destroy();
          return;
        }
        reply(response, scripted.status, scripted.body, scripted.headers);
        return;
      }

      if (route === 'webhook' && webhookMatch) {
        const [, team, hook, secret] = webhookMatch;
        const webhook = webhooks.find((w) => w.team === team && w.hook === hook);
        if (webhook === undefined) return reply(response, 404, 'no_service');
        if (webhook.secret !== secret) return reply(response, 403, 'invalid_token');
        if (violations.length > 0) return reply(response, 400, 'invalid_blocks');
        return reply(response, 200, 'ok');
      }
      if (route === 'chat.postMessage' || route === 'chat.update') {
        const authorization = request.headers.authorization;
        if (authorization === undefined) return reply(response, 200, { ok: false, error: 'not_authed' });
        const bot = bots.find((b) => authorization === `Bearer ${b.token}`);
        if (bot === undefined) return reply(response, 200, { ok: false, error: 'invalid_auth' });
        const channel = String(payload['channel'] ?? '');
        if (!bot.channels.includes(channel)) return reply(response, 200, { ok: false, error: 'channel_not_found' });
        if (violations.length > 0) return reply(response, 200, { ok: false, error: 'invalid_blocks' });
        if (route === 'chat.update') {
          const ts = String(payload['ts'] ?? '');
          const message = messages.get(ts);
          if (message === undefined || message['channel'] !== channel) return reply(response, 200, { ok: false, error: 'message_not_found' });
          const updated = { ...message, text: payload['text'], blocks: payload['blocks'], edited: { user: 'U0FAKE', ts } };
          messages.set(ts, updated);
          return reply(response, 200, { ok: true, channel, ts, text: payload['text'], message: updated });
        }
        const threadTs = payload['thread_ts'] === undefined ? undefined : String(payload['thread_ts']);
        if (threadTs !== undefined && messages.get(threadTs)?.['channel'] !== channel) return reply(response, 200, { ok: false, error: 'thread_not_found' });
        tsCounter += 1;
        const ts = `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
        const message = { type: 'message', subtype: 'bot_message', text: payload['text'], ts, bot_id: 'B0FAKE', blocks: payload['blocks'], channel, ...(threadTs === undefined ? {} : { thread_ts: threadTs }) };
        messages.set(ts, message);
        return reply(response, 200, { ok: true, channel, ts, message });
      }
      return reply(response, 404, 'not found');
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    apiBase: `${baseUrl}/api/`,
    webhookUrl: (team, hook, secret) => `${baseUrl}/services/${team}/${hook}/${secret}`,
    requests,
    messages,
    deleteMessage: (ts) => void messages.delete(ts),
    enqueue: (...responses) => void script.push(...responses),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
