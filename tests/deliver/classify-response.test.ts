import { describe, expect, it } from 'vitest';
import {
  classifyResponse,
  DEFAULT_RATE_LIMIT_WAIT_MS,
  parseRetryAfterHeader,
  secondsToMs,
  type ResponseClassification,
  type ResponseFacts,
} from '../../src/deliver/classify-response.js';

describe('classifyResponse', () => {
  const cases: { facts: ResponseFacts; expected: ResponseClassification }[] = [
    { facts: { status: 200 }, expected: { outcome: 'ok' } },
    { facts: { status: 204 }, expected: { outcome: 'ok' } },
    { facts: { status: 429, retryAfterMs: 200 }, expected: { outcome: 'rate-limited', retryAfterMs: 200 } },
    { facts: { status: 429, retryAfterMs: 0.4 }, expected: { outcome: 'rate-limited', retryAfterMs: 1 } },
    { facts: { status: 429 }, expected: { outcome: 'rate-limited', retryAfterMs: DEFAULT_RATE_LIMIT_WAIT_MS } },
    { facts: { status: 429, retryAfterMs: Number.NaN }, expected: { outcome: 'rate-limited', retryAfterMs: DEFAULT_RATE_LIMIT_WAIT_MS } },
    { facts: { status: 429, retryAfterMs: -5 }, expected: { outcome: 'rate-limited', retryAfterMs: DEFAULT_RATE_LIMIT_WAIT_MS } },
    { facts: { status: 500 }, expected: { outcome: 'retry' } },
    { facts: { status: 502 }, expected: { outcome: 'retry' } },
    { facts: { status: 503, retryAfterMs: 3000 }, expected: { outcome: 'retry', retryAfterMs: 3000 } },
    { facts: { status: 504 }, expected: { outcome: 'retry' } },
    { facts: { status: 408 }, expected: { outcome: 'retry' } },
    { facts: { status: 401 }, expected: { outcome: 'disable' } },
    { facts: { status: 403 }, expected: { outcome: 'disable' } },
    { facts: { status: 404 }, expected: { outcome: 'disable' } },
    { facts: { status: 410 }, expected: { outcome: 'disable' } },
    { facts: { status: 400 }, expected: { outcome: 'permanent' } },
    { facts: { status: 413 }, expected: { outcome: 'permanent' } },
    { facts: { status: 422 }, expected: { outcome: 'permanent' } },
    { facts: { status: 302 }, expected: { outcome: 'permanent' } },
  ];
  it.each(cases)('$facts.status ($facts.retryAfterMs ms) -> $expected.outcome', ({ facts, expected }) => {
    expect(classifyResponse(facts)).toEqual(expected);
  });
});

describe('parseRetryAfterHeader', () => {
  const now = Date.parse('2024-03-05T13:30:00Z');
  const cases: { value: string | null | undefined; expected: number | undefined }[] = [
    { value: '1', expected: 1000 },
    { value: ' 2 ', expected: 2000 },
    { value: '0.25', expected: 250 },
    { value: '1.1', expected: 1100 },
    { value: '0', expected: 0 },
    { value: 'Tue, 05 Mar 2024 13:30:05 GMT', expected: 5000 },
    { value: 'Tue, 05 Mar 2024 13:29:00 GMT', expected: 0 },
    { value: 'soon', expected: undefined },
    { value: '-1', expected: undefined },
    { value: '', expected: undefined },
    { value: null, expected: undefined },
    { value: undefined, expected: undefined },
  ];
  it.each(cases)('$value -> $expected', ({ value, expected }) => {
    expect(parseRetryAfterHeader(value, now)).toBe(expected);
  });
});

describe('secondsToMs', () => {
  const cases: { seconds: unknown; expected: number | undefined }[] = [
    { seconds: 0.2, expected: 200 },
    { seconds: 1.1, expected: 1100 },
    { seconds: 0.0005, expected: 1 },
    { seconds: 65.535, expected: 65535 },
    { seconds: 0, expected: 0 },
    { seconds: -1, expected: undefined },
    { seconds: '1', expected: undefined },
    { seconds: Number.POSITIVE_INFINITY, expected: undefined },
    { seconds: undefined, expected: undefined },
  ];
  it.each(cases)('$seconds s -> $expected ms', ({ seconds, expected }) => {
    expect(secondsToMs(seconds)).toBe(expected);
  });
});
