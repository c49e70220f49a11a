import type { DeliveryOutcome } from '../../errors/delivery-error.js';

// The app lost access to the conversation, or the token/webhook is no longer valid: every message
// would fail until the configuration changes.
const DISABLE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'access_denied',
  'team_access_not_granted',
  'ekm_access_denied',
  'org_login_required',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  // incoming webhooks
  'invalid_token',
  'no_service',
  'no_active_hooks',
  'action_prohibited',
  'posting_to_general_channel_denied',
  'team_disabled',
  'user_not_found',
]);
const RATE_LIMITED = new Set(['ratelimited', 'rate_limited']);
const RETRY = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'rollup_error']);
// This message is refused; the next one may pass.
const PERMANENT = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_attachments',
  'msg_too_long',
  'msg_blocks_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_arguments',
  'invalid_payload',
]);

/** The outcome of a Slack error code veille knows, `undefined` for any other. */
export function knownSlackErrorCodeOutcome(code: string): DeliveryOutcome | undefined {
  if (RATE_LIMITED.has(code)) return 'rate-limited';
  if (DISABLE.has(code)) return 'disable';
  if (RETRY.has(code)) return 'retry';
  if (PERMANENT.has(code)) return 'permanent';
  return undefined;
}

/**
 * What a Slack error code (`{ ok: false, error }` from the Web API, or the text body of an
 * incoming-webhook error) means for the outbox. Codes not listed (`invalid_blocks`,
 * `msg_too_long`, `invalid_payload`, `no_text`...) concern this message only: `permanent`.
 */
export function classifySlackErrorCode(code: string): DeliveryOutcome {
  return knownSlackErrorCodeOutcome(code) ?? 'permanent';
}
