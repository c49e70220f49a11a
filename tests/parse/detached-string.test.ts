import { describe, expect, it } from 'vitest';
import { detachedString } from '../../src/parse/detached-string.js';

describe('detachedString', () => {
  it('keeps the characters of short, long, sliced and concatenated strings', () => {
    const document = `<rss>${'é😀 x'.repeat(5000)}</rss>`;
    const samples = ['', 'a', 'twelve chars', 'thirteen char', document, document.slice(7, 400), `guid:${document.slice(100, 180)}`, '😀'.repeat(20)];
    for (const sample of samples) expect(detachedString(sample)).toBe(sample);
  });
});
