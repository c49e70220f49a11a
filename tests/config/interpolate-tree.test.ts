import { describe, expect, it } from 'vitest';
import type { PathSegment } from '../../src/config/config-document.js';
import { interpolateEnv, type EnvVars } from '../../src/config/interpolate-env.js';
import { interpolateTree, type MissingVariable } from '../../src/config/interpolate-tree.js';

/** The general walk interpolateTree replaced: every list and mapping copied, every path built. */
function copyingWalk(data: unknown, env: EnvVars): { readonly data: unknown; readonly missing: readonly MissingVariable[] } {
  const missing: MissingVariable[] = [];
  const walk = (value: unknown, path: PathSegment[]): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('$')) return value;
      const result = interpolateEnv(value, env);
      if (result.missing.length > 0) missing.push({ path, variables: result.missing });
      return result.value;
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index]));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key])]));
    }
    return value;
  };
  return { data: walk(data, []), missing };
}

const ENV: EnvVars = { HOST: 'feeds.example', TOKEN: 'secret', EMPTY: '' };

const sources = (count: number) => Array.from({ length: count }, (_, index) => ({ name: `source-${index}`, url: `https://example.org/${index}.xml`, hints: index % 2 === 0 }));

const trees: readonly (readonly [string, unknown])[] = [
  ['a scalar string', 'plain'],
  ['a string with a variable', 'https://${HOST}/feed'],
  ['an unset variable at the root', '${NOPE}'],
  ['numbers, booleans and null', { a: 1, b: true, c: null, d: [0, false, null] }],
  ['sources without variables', { sources: sources(5) }],
  ['a variable in the last source', { sources: [...sources(3), { name: 'last', url: 'https://${HOST}/last.xml' }] }],
  ['a variable in the first source', { sources: [{ name: 'first', url: '${HOST}' }, ...sources(3)] }],
  ['unset and empty variables deep down', { destinations: { hook: { type: 'discord', url: '${NOPE}', token: '${EMPTY}' } }, sources: [{ name: 'a', url: 'x${A}${B}' }] }],
  ['defaults and escapes', { settings: { user_agent: '${UA:-veille} $$5', database: '${TOKEN}' } }],
  ['nested lists', { watches: [{ name: 'w', rule: ['a', '${NOPE}', 'b'], to: ['x', { name: 'y', digest: '${CRON:-0 8 * * *}' }] }] }],
  ['a key __proto__', JSON.parse('{"__proto__": {"url": "${HOST}"}, "other": "x"}')],
  ['a key __proto__ without a variable', JSON.parse('{"__proto__": {"url": "plain"}, "other": "x"}')],
  ['an object without a prototype', Object.assign(Object.create(null), { name: 'n', url: 'u' })],
  ['empty list and mapping', { sources: [], settings: {} }],
];

describe('interpolateTree', () => {
  it.each(trees)('%s: the same data and missing variables as the copying walk', (_, tree) => {
    const expected = copyingWalk(tree, ENV);
    const actual = interpolateTree(tree, ENV);
    expect(actual.missing).toEqual(expected.missing);
    expect(actual.data).toStrictEqual(expected.data);
    expect(Object.getPrototypeOf(actual.data)).toBe(Object.getPrototypeOf(expected.data));
  });

  it('keeps a list or mapping without a variable inside, and copies the ones with one', () => {
    const unchanged = sources(3);
    const tree = { sources: unchanged, settings: { user_agent: '${HOST}' }, watches: [{ name: 'w', to: ['a'] }] };
    const data = interpolateTree(tree, ENV).data as { sources: unknown; settings: unknown; watches: unknown };
    expect(data).not.toBe(tree);
    expect(data.sources).toBe(unchanged);
    expect(data.watches).toBe(tree.watches);
    expect(data.settings).toStrictEqual({ user_agent: 'feeds.example' });
    expect(tree.settings).toStrictEqual({ user_agent: '${HOST}' });
  });

  it('copies a list from the first changed item, keeping the items before and after', () => {
    const list = ['a', '${HOST}', 'c', { d: 'e' }];
    const data = interpolateTree(list, ENV).data as unknown[];
    expect(data).not.toBe(list);
    expect(data).toStrictEqual(['a', 'feeds.example', 'c', { d: 'e' }]);
    expect(data[3]).toBe(list[3]);
    expect(list).toStrictEqual(['a', '${HOST}', 'c', { d: 'e' }]);
  });

  it('copies an object without a prototype into a plain mapping, as the copying walk does', () => {
    const tree = Object.assign(Object.create(null), { name: 'n' }) as object;
    const { data } = interpolateTree(tree, ENV);
    expect(data).not.toBe(tree);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
  });
});
