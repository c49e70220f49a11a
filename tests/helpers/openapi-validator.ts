import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Validates request bodies against Discord's own OpenAPI 3.1 description of its v10 API
 * (/work/shared/discord/openapi.json, read-only), plus the rules the schema cannot express
 * (6000 characters per message's embeds, no property the operation does not define).
 *
 * The spec's component schemas are registered as one JSON Schema 2020-12 document (`$defs`, refs
 * rewritten from `#/components/schemas/X`), and each operation's `application/json` request body
 * schema is compiled against it. The spec's non-standard keyword `x-discord-union` is declared and
 * its formats `snowflake`, `nonce` are added next to ajv-formats' standard ones.
 */

const SPEC_URL = new URL('../../../shared/discord/openapi.json', import.meta.url);
const COMPONENTS_ID = 'discord-components';

interface OpenApiSpec {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

export interface DiscordBodyValidator {
  /** Errors for `POST /webhooks/{webhook_id}/{webhook_token}` (empty when valid). */
  webhookExecute(body: unknown): string[];
  /** Errors for `POST /channels/{channel_id}/messages` (empty when valid). */
  channelMessage(body: unknown): string[];
  /** Errors for `PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}` (empty when valid). */
  webhookEdit(body: unknown): string[];
  /** Errors for `POST /channels/{channel_id}/messages/{message_id}/threads` (empty when valid). */
  startThread(body: unknown): string[];
  /** Errors for `POST /channels/{channel_id}/threads` (a forum post; empty when valid). */
  forumThread(body: unknown): string[];
}

// ajv-formats is CommonJS: the default import is `module.exports`, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

function rewriteRefs(schema: unknown, prefix: string): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${prefix}#/$defs/`));
}

const EMBED_TOTAL = 6000;

function embedTotal(embed: Record<string, unknown>): number {
  const text = (value: unknown): number => (typeof value === 'string' ? [...value].length : 0);
  let total = text(embed['title']) + text(embed['description']);
  total += text((embed['footer'] as Record<string, unknown> | undefined)?.['text']);
  total += text((embed['author'] as Record<string, unknown> | undefined)?.['name']);
  for (const field of (embed['fields'] as Record<string, unknown>[] | undefined) ?? []) {
    total += text(field['name']) + text(field['value']);
  }
  return total;
}

let cached: DiscordBodyValidator | undefined;

export function loadDiscordValidator(): DiscordBodyValidator {
  if (cached !== undefined) return cached;
  const spec = JSON.parse(readFileSync(SPEC_URL, 'utf8')) as OpenApiSpec;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addKeyword('x-discord-union');
  ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
  ajv.addFormat('nonce', true);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(spec.components.schemas, '') });

  const operation = (path: string, method = 'post'): ValidateFunction => {
    const schema = spec.paths[path]?.[method]?.requestBody?.content['application/json']?.schema;
    if (schema === undefined) throw new Error(`no JSON request body for ${method.toUpperCase()} ${path} in the spec`);
    return ajv.compile(rewriteRefs(schema, COMPONENTS_ID) as object);
  };
  const known = (name: string): Set<string> => new Set(Object.keys(spec.components.schemas[name]?.properties ?? {}));
  const embedKeys = known('RichEmbed');

  const check = (validate: ValidateFunction, topKeys: Set<string>) => (body: unknown): string[] => {
    const errors: string[] = [];
    if (!validate(body)) {
      for (const error of validate.errors ?? []) errors.push(`${error.instancePath || '/'} ${error.message ?? error.keyword}`);
    }
    if (typeof body === 'object' && body !== null) {
      const record = body as Record<string, unknown>;
      for (const key of Object.keys(record)) if (!topKeys.has(key)) errors.push(`/ unknown property "${key}"`);
      const embeds = Array.isArray(record['embeds']) ? (record['embeds'] as Record<string, unknown>[]) : [];
      let total = 0;
      embeds.forEach((embed, index) => {
        for (const key of Object.keys(embed)) if (!embedKeys.has(key)) errors.push(`/embeds/${index} unknown property "${key}"`);
        total += embedTotal(embed);
      });
      if (total > EMBED_TOTAL) errors.push(`/embeds total of ${total} characters exceeds ${EMBED_TOTAL}`);
    }
    return errors;
  };

  cached = {
    webhookExecute: check(operation('/webhooks/{webhook_id}/{webhook_token}'), known('IncomingWebhookRequestPartial')),
    channelMessage: check(operation('/channels/{channel_id}/messages'), known('MessageCreateRequest')),
    webhookEdit: check(operation('/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}', 'patch'), known('IncomingWebhookUpdateRequestPartial')),
    startThread: check(operation('/channels/{channel_id}/messages/{message_id}/threads'), known('CreateTextThreadWithMessageRequest')),
    forumThread: check(operation('/channels/{channel_id}/threads'), known('CreateForumThreadRequest')),
  };
  return cached;
}
