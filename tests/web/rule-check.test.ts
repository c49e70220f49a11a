import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkRuleText } from '../../src/web/rule-check.js';

describe('rule check', () => {
  it.each([
    ['huawei AND (cloud', { ok: false, line: 1, column: 18, excerpt: 'huawei AND (cloud', caret: '                 ^' }],
    ['huawei\nAND NEAR/x cloud', { ok: false, line: 2 }],
    ['"cloud souverain', { ok: false, line: 1 }],
  ])('a syntax error in %j with its place', (rule, expected) => {
    expect(checkRuleText(rule)).toMatchObject(expected);
  });

  it.each([
    ['huawei AND cloud', 'rule: huawei AND cloud\n'],
    ['"cloud souverain" OR anssi # note', `rule: '"cloud souverain" OR anssi # note'\n`],
    ['huawei\n  OR anssi', 'rule: |\n  huawei\n    OR anssi\n'],
    ['title:huawei', 'rule: title:huawei\n'],
    ['@x: y', 'rule: "@x: y"\n'],
  ])('the YAML to paste for %j', (rule, yaml) => {
    expect(checkRuleText(rule)).toEqual({ ok: true, yaml });
    // Pasted back, it reads as the same rule.
    expect((parse(yaml) as { rule: string }).rule.trimEnd()).toBe(rule);
  });

  it('tries a valid rule on a sample title', () => {
    const result = checkRuleText('huawei NOT bleu', { title: 'Huawei en France', summary: '' });
    expect(result).toMatchObject({ ok: true, sample: { matched: true, terms: ['huawei'] } });
    expect(checkRuleText('huawei NOT bleu', { title: 'Huawei Bleu', summary: '' })).toMatchObject({ ok: true, sample: { matched: false } });
  });
});
