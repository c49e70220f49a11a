import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { longestScheduleGapMs } from '../../src/http/schedule-gap.js';

describe('longestScheduleGapMs', () => {
  it.each([
    { expression: '* * * * * *', timezone: 'Europe/Paris', gapMs: 1_000 },
    { expression: '*/10 * * * *', timezone: 'Europe/Paris', gapMs: 600_000 },
    // 0, 7, ..., 56 then 0: the longest wait is 7 minutes.
    { expression: '*/7 * * * *', timezone: 'Europe/Paris', gapMs: 420_000 },
    { expression: '0 */6 * * *', timezone: 'UTC', gapMs: 6 * 3_600_000 },
    // Weekdays at 9: Friday to Monday.
    { expression: '0 9 * * 1-5', timezone: 'UTC', gapMs: 3 * 86_400_000 },
  ])('$expression: $gapMs ms', async ({ expression, timezone, gapMs }) => {
    expect(await longestScheduleGapMs(expression, timezone)).toBe(gapMs);
  });

  it('leaves no task behind in node-cron', async () => {
    const before = cron.getTasks().size;
    await longestScheduleGapMs('*/10 * * * *');
    expect(cron.getTasks().size).toBe(before);
  });
});
