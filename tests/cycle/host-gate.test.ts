import { describe, expect, it } from 'vitest';
import { createHostGate } from '../../src/cycle/host-gate.js';

describe('createHostGate', () => {
  /** A task that runs until `finish` is called, recording when it starts. */
  function heldTask(log: string[], name: string): { task: () => Promise<string>; finish: (fail?: boolean) => void } {
    let settle: ((fail: boolean) => void) | undefined;
    return {
      task: () => {
        log.push(`start ${name}`);
        return new Promise<string>((resolve, reject) => {
          settle = (fail) => (fail ? reject(new Error(`${name} failed`)) : resolve(name));
        });
      },
      finish: (fail = false) => settle?.(fail),
    };
  }

  const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('runs at most perHost tasks of one host at once, the waiting ones in order, and other hosts beside them', async () => {
    const gate = createHostGate(2);
    const log: string[] = [];
    const tasks = ['a1', 'a2', 'a3', 'a4'].map((name) => heldTask(log, name));
    const other = heldTask(log, 'b1');

    const results = tasks.map((held) => gate('a.example', held.task));
    const otherResult = gate('b.example', other.task);
    const all = Promise.allSettled([...results, otherResult]);
    await tick();
    expect(log).toEqual(['start a1', 'start a2', 'start b1']);

    tasks[1]?.finish();
    await tick();
    expect(log).toEqual(['start a1', 'start a2', 'start b1', 'start a3']);

    tasks[0]?.finish(true);
    await tick();
    expect(log).toEqual(['start a1', 'start a2', 'start b1', 'start a3', 'start a4']);

    tasks[2]?.finish();
    tasks[3]?.finish();
    other.finish();
    const settled = await all;
    expect(settled.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message))).toEqual([
      'a1 failed',
      'a2',
      'a3',
      'a4',
      'b1',
    ]);
  });

  it('frees the slot of a task that throws, and reuses the host after all its tasks ended', async () => {
    const gate = createHostGate(1);
    const failing = gate('a.example', () => {
      throw new Error('thrown');
    });
    const waiting = gate('a.example', () => Promise.resolve('second'));

    await expect(failing).rejects.toThrow('thrown');
    await expect(waiting).resolves.toBe('second');
    await expect(gate('a.example', () => Promise.resolve('third'))).resolves.toBe('third');
  });

  it('refuses a perHost that is not a whole number from 1, and takes Infinity (no limit) as p-limit did', async () => {
    expect(() => createHostGate(0)).toThrow('perHost must be a whole number from 1 (or Infinity), not 0');
    expect(() => createHostGate(1.5)).toThrow('perHost must be a whole number from 1 (or Infinity), not 1.5');
    const gate = createHostGate(Infinity);
    const log: string[] = [];
    const held = ['x1', 'x2', 'x3'].map((name) => heldTask(log, name));
    const all = Promise.all(held.map((task) => gate('x.example', task.task)));
    await tick();
    expect(log).toEqual(['start x1', 'start x2', 'start x3']);
    for (const task of held) task.finish();
    await expect(all).resolves.toEqual(['x1', 'x2', 'x3']);
  });
});
