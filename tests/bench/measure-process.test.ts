import { describe, expect, it } from 'vitest';
import { measureProcess, parseTimesLine } from '../../bench/support/measure-process.js';

describe('parseTimesLine', () => {
  it.each([
    ['0m0.548s 0m0.020s', [548, 20]],
    ['0m0.000s 0m0.002s', [0, 2]],
    ['1m2.5s 0m10.125s\n', [62_500, 10_125]],
  ] as const)('%j → %j', (line, expected) => {
    expect(parseTimesLine(line)).toEqual(expected);
  });

  it.each(['', '0.548 0.020', '0m0.548s'])('refuses %j', (line) => {
    expect(() => parseTimesLine(line)).toThrow(/unexpected line/);
  });
});

describe('measureProcess', () => {
  const env = { PATH: process.env['PATH'] ?? '' };

  it("charges the child's own CPU, to the millisecond, and keeps its stdout", async () => {
    // Spins for 120 ms of its own CPU (process.cpuUsage).
    const script = 'const s = process.cpuUsage(); let u; do { u = process.cpuUsage(s); } while (u.user + u.system < 120000); console.log("spun")';
    const { run, stdout } = await measureProcess({ command: process.execPath, args: ['-e', script], env });
    expect(stdout).toBe('spun\n');
    expect(run.cpuMs).toBe(run.userMs + run.systemMs);
    // The spin alone is 120 ms; node's start-up adds its own.
    expect(run.cpuMs).toBeGreaterThanOrEqual(120);
    expect(run.wallMs).toBeGreaterThanOrEqual(run.cpuMs / 4);
    expect(run.peakRssMiB).toBeGreaterThan(0);
  });

  it('rejects with the exit code and the end of stderr', async () => {
    await expect(measureProcess({ command: process.execPath, args: ['-e', 'console.error("bad news"); process.exit(3)'], env })).rejects.toThrow(
      /exited with code 3[\s\S]*bad news/,
    );
  });
});
