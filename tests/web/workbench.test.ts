import { describe, expect, it } from 'vitest';
import type { WatchConfig } from '../../src/config/config-types.js';
import { compileMatcher } from '../../src/match/index.js';
import type { SeenItemRecord } from '../../src/store/store.js';
import { readWorkbenchQuery, ruleAsText, ruleFromText, ruleYaml, runWorkbench } from '../../src/web/workbench.js';

const AT = '2026-12-01T10:00:00.000Z';

function seen(source: string, id: string, title: string): SeenItemRecord {
  return { source, id, storyKey: id, firstSeenAt: AT, text: { title, summary: '', categories: [], link: `https://news.example/${id}`, published: AT, publishedFromFeed: true, postable: true } };
}

const ITEMS = [seen('A', 'h', 'Huawei lance un cloud'), seen('A', 'o', 'OVHcloud obtient SecNumCloud'), seen('B', 's', 'Scaleway souverain'), seen('A', 'r', 'Rust 2.0')];
const CLOUD: WatchConfig = { name: 'cloud', rule: ['Huawei', 'SecNumCloud'], sources: ['A', 'B'], to: ['chat'] };

describe('runWorkbench', () => {
  it('lists matches with the explanation `veille match` gives, and the difference with the watch\'s current rule', () => {
    const result = runWorkbench('SecNumCloud OR souverain*', ITEMS, CLOUD);
    if (!result.ok) throw new Error('expected a valid rule');
    const explain = compileMatcher([{ name: 'x', rule: 'SecNumCloud OR souverain*' }]);
    expect(result.scanned).toBe(4);
    expect(result.matches.map((item) => [item.id, item.terms, item.reasons])).toEqual([
      ['o', ['SecNumCloud'], explain.explain(ITEMS[1]!.text)[0]!.reasons],
      ['s', ['souverain*'], explain.explain(ITEMS[2]!.text)[0]!.reasons],
    ]);
    expect(result.matches[0]?.reasons.length).toBeGreaterThan(0);
    expect(result.diff?.added.map((item) => item.id)).toEqual(['s']);
    expect(result.diff?.removed.map((item) => [item.id, item.terms])).toEqual([['h', ['Huawei']]]);
    expect(result.yaml).toBe('rule: SecNumCloud OR souverain*\n');
  });

  it('looks only at the picked watch\'s sources; without a watch, at every item and with no diff', () => {
    const onlyB = runWorkbench('cloud OR souverain*', ITEMS, { ...CLOUD, sources: ['B'] });
    expect(onlyB.ok && [onlyB.scanned, onlyB.matches.map((item) => item.id)]).toEqual([1, ['s']]);
    const all = runWorkbench('cloud OR souverain*', ITEMS);
    expect(all.ok && [all.scanned, all.matches.map((item) => item.id), all.diff]).toEqual([4, ['h', 's'], undefined]);
  });

  it.each([
    { rule: 'huawei AND (cloud', line: 1, column: 18, excerpt: 'huawei AND (cloud', caret: `${' '.repeat(17)}^` },
    { rule: 'huawei\nOR OR cloud', line: 2, column: 4, excerpt: 'OR OR cloud', caret: '   ^' },
  ])('gives a syntax error with its position: $rule', ({ rule, line, column, excerpt, caret }) => {
    const result = runWorkbench(rule, ITEMS, CLOUD);
    expect(result).toMatchObject({ ok: false, line, column, excerpt, caret });
  });

  it('reads a keyword list one keyword per line, its bad entry as the line', () => {
    expect(ruleFromText('Huawei\n\n  SecNumCloud \n', 'list')).toEqual(['Huawei', 'SecNumCloud']);
    expect(ruleAsText(CLOUD.rule)).toEqual({ text: 'Huawei\nSecNumCloud', form: 'list' });
    expect(ruleYaml(['Huawei', 'SecNumCloud'])).toBe('rule:\n  - Huawei\n  - SecNumCloud\n');
    expect(runWorkbench(['Huawei', '='], ITEMS)).toMatchObject({ ok: false, line: 2, excerpt: '=' });
  });
});

describe('readWorkbenchQuery', () => {
  it.each([
    { query: '', expected: { form: 'rule', days: 7 } },
    { query: 'watch=cloud&rule=x&form=list&days=3', expected: { watch: 'cloud', rule: 'x', form: 'list', days: 3 } },
    { query: 'watch=nope&days=999', expected: { form: 'rule', days: 30 } },
    { query: 'days=0', expected: { form: 'rule', days: 1 } },
    { query: 'days=-2&form=other', expected: { form: 'rule', days: 7 } },
  ])('reads "$query"', ({ query, expected }) => {
    expect(readWorkbenchQuery(new URLSearchParams(query), ['cloud'], 30)).toEqual(expected);
  });
});
