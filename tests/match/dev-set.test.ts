import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultMatcher } from './default-rule.js';

interface DevLine {
  readonly id: string;
  readonly relevant: boolean;
  readonly title: string;
  readonly summary: string;
}

function readLines(name: string): DevLine[] {
  return readFileSync(new URL(`../../../shared/matching/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DevLine);
}

// Both shared development sets: the first (colour, national teams, "écran bleu"...) and the second
// (other names containing "Bleu", "bleu comme…" similes, and the company followed by its product).
const files = [
  ['dev-set.jsonl', 30],
  ['dev-set-2.jsonl', 8],
] as const;

describe.each(files)('default watch on the shared %s', (name, count) => {
  const matcher = defaultMatcher();
  const lines = readLines(name);

  it(`reads all ${count} lines`, () => {
    expect(lines.length).toBe(count);
  });

  it.each(lines.map((line) => [line.id, line] as const))('%s', (_id, line) => {
    const found = matcher.match({ title: line.title, summary: line.summary, categories: [] });
    expect(found.length === 1).toBe(line.relevant);
  });
});
