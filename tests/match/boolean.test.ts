import { describe, expect, it } from 'vitest';
import { parseRule } from '../../src/match/index.js';
import type { RuleNode } from '../../src/match/index.js';
import { item, matches } from './match-helpers.js';

/** A compact picture of the tree: terms by label, operators in prefix form. */
function shape(node: RuleNode): string {
  switch (node.kind) {
    case 'term':
      return node.label;
    case 'and':
    case 'or':
      return `${node.kind.toUpperCase()}(${node.children.map(shape).join(', ')})`;
    case 'not':
      return `NOT(${shape(node.child)})`;
    case 'with':
      return `WITH(${shape(node.subject)}, ${shape(node.context)})`;
    case 'near':
      return `NEAR${node.distance}(${shape(node.subject)}, ${shape(node.context)})`;
    case 'unless':
      return `UNLESS${node.distance ?? ''}(${shape(node.subject)}, ${shape(node.context)})`;
  }
}

describe('precedence: context filters > NOT > AND (or adjacency) > OR', () => {
  it.each([
    ['a OR b AND c', 'OR(a, AND(b, c))'],
    ['a AND b OR c', 'OR(AND(a, b), c)'],
    ['a b OR c d', 'OR(AND(a, b), AND(c, d))'],
    ['NOT a AND b', 'AND(NOT(a), b)'],
    ['NOT a OR b', 'OR(NOT(a), b)'],
    ['NOT NOT a', 'NOT(NOT(a))'],
    ['a NOT b', 'AND(a, NOT(b))'],
    ['(a OR b) c', 'AND(OR(a, b), c)'],
    ['a OR (b OR c)', 'OR(a, OR(b, c))'],
    ['NOT a WITH b', 'NOT(WITH(a, b))'],
    ['a WITH b OR c', 'OR(WITH(a, b), c)'],
    ['a WITH (b OR c)', 'WITH(a, OR(b, c))'],
    ['a WITH b AND c', 'AND(WITH(a, b), c)'],
    ['a NEAR/3 b UNLESS c', 'UNLESS(NEAR3(a, b), c)'],
    ['a UNLESS NEAR/2 b', 'UNLESS2(a, b)'],
    ['(a OR b) WITH c', 'WITH(OR(a, b), c)'],
    ['a WITH (b AND NOT c)', 'WITH(a, AND(b, NOT(c)))'],
    ['and or not', 'AND(and, or, not)'],
    ['a # a comment OR b\nOR c', 'OR(a, c)'],
  ])('%s parses as %s', (rule, expected) => {
    expect(shape(parseRule(rule).root)).toBe(expected);
  });
});

describe('boolean evaluation', () => {
  it.each([
    ['huawei OR zte', 'ZTE et Nokia', true],
    ['huawei OR zte', 'Nokia seul', false],
    ['huawei AND cloud', 'Huawei Cloud', true],
    ['huawei AND cloud', 'Huawei 5G', false],
    ['huawei cloud', 'Huawei Cloud', true],
    ['huawei cloud', 'Huawei 5G', false],
    ['huawei OR zte AND cloud', 'Huawei 5G', true],
    ['huawei OR zte AND cloud', 'ZTE 5G', false],
    ['huawei OR zte AND cloud', 'ZTE cloud', true],
    ['(huawei OR zte) AND cloud', 'Huawei 5G', false],
    ['(huawei OR zte) AND cloud', 'Huawei cloud', true],
    ['huawei NOT smartphone', 'Huawei cloud', true],
    ['huawei NOT smartphone', 'Huawei lance un smartphone', false],
    ['huawei AND NOT smartphone', 'Huawei lance un smartphone', false],
    ['NOT smartphone', 'Huawei cloud', true],
    ['NOT smartphone', 'Un smartphone', false],
    ['NOT NOT smartphone', 'Un smartphone', true],
    ['huawei AND NOT (smartphone OR montre)', 'Huawei lance une montre', false],
    ['huawei AND NOT (smartphone OR montre)', 'Huawei lance un cloud', true],
    ['NOT huawei OR zte', 'ZTE et Huawei', true],
    ['NOT (huawei OR zte)', 'ZTE seul', false],
    ['(a OR (b AND (c OR d)))', 'b d', true],
    ['(a OR (b AND (c OR d)))', 'b e', false],
  ])('%s on %s → %s', (rule, title, expected) => {
    expect(matches(rule, item(title))).toBe(expected);
  });
});
