import { describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../src/errors/delivery-error.js';
import { classifySlackErrorCode } from '../../src/deliver/slack/slack-error-code.js';

describe('classifySlackErrorCode', () => {
  const cases: { code: string; expected: DeliveryOutcome }[] = [
    { code: 'ratelimited', expected: 'rate-limited' },
    { code: 'rate_limited', expected: 'rate-limited' },
    { code: 'channel_not_found', expected: 'disable' },
    { code: 'invalid_auth', expected: 'disable' },
    { code: 'not_in_channel', expected: 'disable' },
    { code: 'account_inactive', expected: 'disable' },
    { code: 'token_revoked', expected: 'disable' },
    { code: 'is_archived', expected: 'disable' },
    { code: 'missing_scope', expected: 'disable' },
    { code: 'no_service', expected: 'disable' },
    { code: 'invalid_token', expected: 'disable' },
    { code: 'channel_is_archived', expected: 'disable' },
    { code: 'internal_error', expected: 'retry' },
    { code: 'fatal_error', expected: 'retry' },
    { code: 'service_unavailable', expected: 'retry' },
    { code: 'rollup_error', expected: 'retry' },
    { code: 'invalid_blocks', expected: 'permanent' },
    { code: 'msg_too_long', expected: 'permanent' },
    { code: 'invalid_payload', expected: 'permanent' },
    { code: 'no_text', expected: 'permanent' },
    { code: 'something_new', expected: 'permanent' },
    { code: 'invalid_blocks_format', expected: 'permanent' },
  ];
  it.each(cases)('$code -> $expected', ({ code, expected }) => {
    expect(classifySlackErrorCode(code)).toBe(expected);
  });
});
