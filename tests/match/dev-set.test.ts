import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultMatcher } from './default-rule.js';

interface DevLine {
  readonly id: string;
  readonly relevant: boolean;
  readonly title: string;
  readonly summary: string;
}

const lines: DevLine[] = readFileSync(new URL('../../../shared/matching/dev-set.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as DevLine);

describe('default watch on the shared dev set', () => {
  const matcher = defaultMatcher();

  it('reads the whole dev set', () => {
    expect(lines.length).toBe(30);
  });

  it.each(lines.map((line) => [line.id, line] as const))('%s', (_id, line) => {
    const found = matcher.match({ title: line.title, summary: line.summary, categories: [] });
    expect(found.length === 1).toBe(line.relevant);
  });
});
