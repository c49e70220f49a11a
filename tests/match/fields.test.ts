import { describe, expect, it } from 'vitest';
import { item, matches } from './match-helpers.js';

const input = item('Huawei ouvre une région', 'Le cloud de confiance arrive', {
  categories: ['Souveraineté', 'Télécoms 5G'],
  link: 'https://www.example.com/2025/bleu-secnumcloud',
});

describe('field scoping', () => {
  it.each([
    ['title:huawei', true],
    ['summary:huawei', false],
    ['summary:"cloud de confiance"', true],
    ['title:"cloud de confiance"', false],
    ['categories:souveraineté', true],
    ['category:"télécoms 5g"', true],
    ['categories:"souveraineté télécoms"', false],
    ['link:secnumcloud', true],
    ['link:"example.com"', true],
    ['link:example.com', true],
    ['title:secnumcloud', false],
    ['Title:huawei', true],
    ['title:(huawei OR zte)', true],
    ['summary:(huawei OR zte)', false],
    ['title:(région AND NOT smartphone)', true],
    ['title:=Huawei', true],
    ['title:=huawei', false],
    ['title:souv*', false],
    ['categories:souv*', true],
    ['huawei title:région', true],
    ['title:huawei WITH summary:cloud', true],
    ['title:huawei NEAR/3 cloud', false],
    ['huawei', true],
    ['confiance', true],
    ['bleu', true],
  ])('%s → %s', (rule, expected) => {
    expect(matches(rule, input)).toBe(expected);
  });

  it('treats a missing link as an empty field', () => {
    expect(matches('link:huawei', item('Huawei'))).toBe(false);
  });
});
