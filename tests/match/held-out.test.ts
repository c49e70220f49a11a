import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultMatcher } from './default-rule.js';

interface HeldOutLine {
  readonly id: string;
  readonly relevant: boolean;
  readonly title: string;
  readonly summary: string;
}

// Headlines written for this test and labelled before the watch was run on them (in neither shared
// dev set): more names containing "Bleu", similes, the company with its products, Huawei and
// SecNumCloud. The watch is not tuned to them, so this records its score, failures included.
const lines: HeldOutLine[] = readFileSync(new URL('../fixtures/matching/held-out.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as HeldOutLine);

// Known misses, and why (see the report in docs/rules.md, "The default watch"):
// h13 « Le Bleu du ciel » (a book title, lower-case "ciel" after "du") is read as the company
//     because Orange is in the summary;
// h19 a lower-cased feed: "bleu azure" has no company word within 3 words in the same field.
const KNOWN_MISSES = ['h13', 'h19'];

describe('default watch on held-out headlines', () => {
  const matcher = defaultMatcher();
  const misses = lines
    .filter((line) => {
      const found = matcher.match({ title: line.title, summary: line.summary, categories: [] });
      return (found.length === 1) !== line.relevant;
    })
    .map((line) => line.id);

  it('reads the 20 lines', () => {
    expect(lines.length).toBe(20);
  });

  it('gets 18 of 20 right, missing exactly the known ones', () => {
    expect(misses).toEqual(KNOWN_MISSES);
    expect(lines.length - misses.length).toBe(18);
  });
});
