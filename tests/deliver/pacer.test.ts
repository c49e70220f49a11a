import { describe, expect, it } from 'vitest';
import type { PacingPolicy } from '../../src/deliver/destination.js';
import { createPacer } from '../../src/deliver/pacer.js';
import { DISCORD_BOT_PACING, DISCORD_WEBHOOK_PACING } from '../../src/deliver/discord/discord-limits.js';
import { SLACK_PACING } from '../../src/deliver/slack/slack-limits.js';

describe('createPacer', () => {
  const cases: { name: string; policies: readonly PacingPolicy[]; sends: number[]; now: number; expected: number }[] = [
    { name: 'nothing sent yet', policies: DISCORD_WEBHOOK_PACING, sends: [], now: 0, expected: 0 },
    { name: 'under the short limit', policies: DISCORD_WEBHOOK_PACING, sends: [0, 1, 2, 3], now: 4, expected: 0 },
    { name: 'short window full', policies: DISCORD_WEBHOOK_PACING, sends: [0, 100, 200, 300, 400], now: 500, expected: 1500 },
    { name: 'short window just freed', policies: DISCORD_WEBHOOK_PACING, sends: [0, 100, 200, 300, 400], now: 2000, expected: 0 },
    { name: 'oldest send still blocks 1 ms before', policies: DISCORD_WEBHOOK_PACING, sends: [0, 100, 200, 300, 400], now: 1999, expected: 1 },
    {
      name: 'long window full',
      policies: DISCORD_WEBHOOK_PACING,
      sends: Array.from({ length: 30 }, (_, i) => i * 1000),
      now: 30_000,
      expected: 30_000,
    },
    { name: 'slack: one per second', policies: SLACK_PACING, sends: [10_000], now: 10_250, expected: 750 },
    { name: 'slack: clock earlier than last send', policies: SLACK_PACING, sends: [10_000], now: 9_000, expected: 2000 },
    { name: 'bot: 5 per 5 s', policies: DISCORD_BOT_PACING, sends: [0, 0, 0, 0, 0], now: 0, expected: 5000 },
    { name: 'no policy', policies: [], sends: [0, 0, 0], now: 0, expected: 0 },
  ];
  it.each(cases)('$name', ({ policies, sends, now, expected }) => {
    const pacer = createPacer(policies, () => -1);
    for (const at of sends) pacer.record(at);
    expect(pacer.delayMs(now)).toBe(expected);
  });

  it('uses the clock when no time is given', () => {
    let now = 1000;
    const pacer = createPacer(SLACK_PACING, () => now);
    pacer.record();
    now = 1400;
    expect(pacer.delayMs()).toBe(600);
  });

  it('rejects invalid policies', () => {
    expect(() => createPacer([{ limit: 0, windowMs: 1000 }])).toThrow('invalid pacing policy: 0 per 1000 ms');
    expect(() => createPacer([{ limit: 1, windowMs: 0 }])).toThrow(RangeError);
    expect(() => createPacer([{ limit: 1.5, windowMs: 10 }])).toThrow(RangeError);
  });

  const scheduleCases: { name: string; policies: readonly PacingPolicy[]; sends: number }[] = [
    { name: 'Discord webhook', policies: DISCORD_WEBHOOK_PACING, sends: 100 },
    { name: 'Discord bot', policies: DISCORD_BOT_PACING, sends: 100 },
    { name: 'Slack', policies: SLACK_PACING, sends: 100 },
    { name: 'three overlapping policies', policies: [{ limit: 3, windowMs: 700 }, { limit: 7, windowMs: 3000 }, { limit: 20, windowMs: 20_000 }], sends: 100 },
  ];
  it.each(scheduleCases)('$name: $sends sends as fast as allowed never overfill a window', ({ policies, sends }) => {
    const pacer = createPacer(policies);
    const times: number[] = [];
    let now = 0;
    for (let i = 0; i < sends; i += 1) {
      now += pacer.delayMs(now);
      expect(pacer.delayMs(now)).toBe(0);
      pacer.record(now);
      times.push(now);
      now += i % 3; // the caller is sometimes a little late
    }
    for (const { limit, windowMs } of policies) {
      // Any window [t, t + windowMs) holds at most `limit` sends <=> sends i and i + limit are windowMs apart.
      for (let i = 0; i + limit < times.length; i += 1) {
        expect((times[i + limit] ?? 0) - (times[i] ?? 0)).toBeGreaterThanOrEqual(windowMs);
      }
    }
  });

  it('Discord webhook pacing sends 5 at once, then waits, and reaches the minute limit', () => {
    const pacer = createPacer(DISCORD_WEBHOOK_PACING);
    const times: number[] = [];
    let now = 0;
    for (let i = 0; i < 31; i += 1) {
      now += pacer.delayMs(now);
      pacer.record(now);
      times.push(now);
    }
    expect(times.slice(0, 10)).toEqual([0, 0, 0, 0, 0, 2000, 2000, 2000, 2000, 2000]);
    expect(times[29]).toBe(10_000);
    expect(times[30]).toBe(60_000);
  });
});
