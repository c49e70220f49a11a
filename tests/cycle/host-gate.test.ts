import { describe, expect, it } from 'vitest';
import { createHostGate, hostOf, plainHostOf } from '../../src/cycle/host-gate.js';

/** What the host gate keyed hosts by before its text fast path. */
function parsedHostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}

/** A small deterministic PRNG (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('hostOf', () => {
  it.each([
    ['http://example.fr/feed.xml', 'example.fr'],
    ['https://WWW.Example.FR:8443/rss?x=1#top', 'www.example.fr'],
    ['http://127.0.0.1:4000/f/1.xml', '127.0.0.1'],
    ['http://a-b.c-d.example', 'a-b.c-d.example'],
    ['https://news.example?feed', 'news.example'],
    ['https://news.example#feed', 'news.example'],
    ['https://news.example:/feed', 'news.example'],
    ['http://-x-.example/', '-x-.example'],
    ['http://8.8.8.8/', '8.8.8.8'],
    ['http://255.255.255.255/', '255.255.255.255'],
  ])('reads the host of %s from the text: %s', (url, host) => {
    expect(plainHostOf(url)).toBe(host);
    expect(hostOf(url)).toBe(host);
    expect(parsedHostOf(url)).toBe(host);
  });

  it.each([
    ['http://user:pass@example.fr/', 'example.fr'],
    ['http://example.fr./', 'example.fr.'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0x7f.0.0.1/', '127.0.0.1'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://010.0.0.1/', '8.0.0.1'],
    ['http://foo.0x1f/', 'http://foo.0x1f/'],
    ['http://example.123/', 'http://example.123/'],
    ['http://1.2.3.4.5/', 'http://1.2.3.4.5/'],
    ['http://[::1]:8080/', '[::1]'],
    ['http://xn--caf-dma.example/', 'xn--caf-dma.example'],
    ['http://café.example/', 'xn--caf-dma.example'],
    ['http://ex%41mple.fr/', 'example.fr'],
    ['http://exa\tmple.fr/', 'example.fr'],
    ['http://example.fr\\feed', 'example.fr'],
    ['HTTP://Example.fr/', 'example.fr'],
    ['http://a_b.example/', 'a_b.example'],
    ['http://example.fr:99999/', 'http://example.fr:99999/'],
    ['http://example.fr:80a/', 'http://example.fr:80a/'],
    ['http://a..b/', 'a..b'],
    ['http:///x', 'x'],
    ['ftp://example.fr/', 'example.fr'],
    ['not a url', 'not a url'],
  ])('leaves %s to the URL parser: %s', (url, host) => {
    expect(plainHostOf(url)).toBeUndefined();
    expect(hostOf(url)).toBe(host);
    expect(hostOf(url)).toBe(parsedHostOf(url));
  });

  it('gives what the URL parser gives for 40,000 generated URLs', () => {
    const next = random(16);
    const alphabet = ['a', 'Z', 'x', 'n', '0', '1', '7', '9', '255', '256', '0x', '-', '--', '.', '.', ':', '/', '?', '#', '@', '%41', '%', '\\', ' ', '\t', '_', 'é', '[', ']', '::1', 'xn--', '65535', '65536'];
    const prefixes = ['http://', 'https://', 'HTTP://', 'http:/', 'ws://', ''];
    let fast = 0;
    for (let index = 0; index < 40_000; index += 1) {
      let url = prefixes[Math.floor(next() * prefixes.length)] ?? '';
      const length = 1 + Math.floor(next() * 12);
      for (let part = 0; part < length; part += 1) url += alphabet[Math.floor(next() * alphabet.length)] ?? '';
      if (plainHostOf(url) !== undefined) fast += 1;
      expect(hostOf(url), url).toBe(parsedHostOf(url));
    }
    // The fast path is exercised, not just the fallback.
    expect(fast).toBeGreaterThan(1_000);
  });
});

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

    const results = tasks.map((held, index) => gate(`http://A.example/${String(index)}`, held.task));
    const otherResult = gate('http://b.example:8080/', other.task);
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
    const failing = gate('http://a.example/', () => {
      throw new Error('thrown');
    });
    const waiting = gate('http://a.example/2', () => Promise.resolve('second'));

    await expect(failing).rejects.toThrow('thrown');
    await expect(waiting).resolves.toBe('second');
    await expect(gate('http://a.example/3', () => Promise.resolve('third'))).resolves.toBe('third');
  });

  it('refuses a perHost that is not a whole number from 1, and takes Infinity (no limit) as p-limit did', async () => {
    expect(() => createHostGate(0)).toThrow('perHost must be a whole number from 1 (or Infinity), not 0');
    expect(() => createHostGate(1.5)).toThrow('perHost must be a whole number from 1 (or Infinity), not 1.5');
    const gate = createHostGate(Infinity);
    const log: string[] = [];
    const held = ['x1', 'x2', 'x3'].map((name) => heldTask(log, name));
    const all = Promise.all(held.map((task, index) => gate(`http://x.example/${String(index)}`, task.task)));
    await tick();
    expect(log).toEqual(['start x1', 'start x2', 'start x3']);
    for (const task of held) task.finish();
    await expect(all).resolves.toEqual(['x1', 'x2', 'x3']);
  });
});
