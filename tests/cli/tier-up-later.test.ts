import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { tierUpLater, tierUpLaterFlag } from '../../src/cli/tier-up-later.js';

describe('tierUpLaterFlag', () => {
  it.each([
    { node: 'Node 20.20', v8: '11.3.244.8-node.33', flag: '--interrupt-budget=405504' },
    { node: 'Node 20.19', v8: '11.3.244.8-node.28', flag: '--interrupt-budget=405504' },
    { node: 'Node 21', v8: '11.8.172.17-node.20', flag: undefined },
    { node: 'Node 22', v8: '12.4.254.21-node.57', flag: undefined },
    { node: 'Node 24', v8: '13.6.233.17-node.63', flag: undefined },
    { node: 'Node 26', v8: '14.6.202.34-node.40', flag: undefined },
    { node: 'a version string of another shape', v8: '', flag: undefined },
  ])('$node (V8 $v8): $flag', ({ v8, flag }) => {
    expect(tierUpLaterFlag(v8)).toBe(flag);
  });

  it('sets the flag only where there is one', () => {
    const setFlags = vi.fn();
    tierUpLater(setFlags, '14.6.202.34-node.40');
    expect(setFlags).not.toHaveBeenCalled();
    tierUpLater(setFlags, '11.3.244.8-node.33');
    expect(setFlags.mock.calls).toEqual([['--interrupt-budget=405504']]);
  });
});

describe('the CLI tells the bin which commands are short-lived', () => {
  const run = async (args: readonly string[]): Promise<{ code: number; shortLived: number }> => {
    let shortLived = 0;
    const err = new PassThrough();
    err.resume();
    const code = await runCli(args, {
      out: () => undefined,
      err,
      stdin: Readable.from([]),
      // No config directory there: each command fails after it was told (or not) that it is short-lived.
      env: { VEILLE_LOG_LEVEL: 'silent', VEILLE_DB: '/nonexistent-veille-dir/state.db' },
      interactive: false,
      shutdown: new AbortController().signal,
      shortLived: () => {
        shortLived += 1;
      },
    });
    err.end();
    return { code, shortLived };
  };

  it.each([
    { command: 'once', calls: 1 },
    { command: 'check', calls: 0 },
    { command: 'sources', calls: 0 },
  ])('$command: told $calls time(s)', async ({ command, calls }) => {
    const result = await run([command, '--config', '/nonexistent-veille-config']);
    expect(result.shortLived).toBe(calls);
    expect(result.code).not.toBe(0);
  });
});
