import { describe, expect, it } from 'vitest';
import { repairFeedStructure } from '../../src/parse/repair-feed-structure.js';
import { xmlAttribute, xmlNodeText, xmlNodeValue } from '../../src/parse/xml-node-text.js';

describe('xmlNodeText / xmlNodeValue / xmlAttribute', () => {
  it.each([
    ['a string', ' text ', ' text ', 'text'],
    ['text with attributes', { _: 'value', $: { type: 'html' } }, 'value', 'value'],
    ['an array: the first node', [{ _: 'first' }, 'second'], 'first', 'first'],
    ['an element tree', { $: { type: 'xhtml' }, div: [{ _: 'Example ', a: [{ _: 'test', $: { href: 'x' } }] }] }, 'Example test', 'Example test'],
    ['attributes only', { $: { href: 'x' } }, undefined, undefined],
    ['blank', '   ', '   ', undefined],
    ['an empty array', [], undefined, undefined],
    ['a number', 42, undefined, undefined],
    ['undefined', undefined, undefined, undefined],
  ])('%s', (_name, node, text, value) => {
    expect(xmlNodeText(node)).toBe(text);
    expect(xmlNodeValue(node)).toBe(value);
  });

  it.each([
    [{ $: { isPermaLink: 'false' } }, 'isPermaLink', 'false'],
    [{ $: { href: 'x' } }, 'rel', undefined],
    [{ _: 'text' }, 'href', undefined],
    ['text', 'href', undefined],
    [null, 'href', undefined],
  ])('xmlAttribute(%j, %s) -> %s', (node, name, expected) => {
    expect(xmlAttribute(node, name)).toBe(expected);
  });
});

describe('repairFeedStructure', () => {
  it.each([
    ['/rss', '\n', { channel: [{}] }],
    ['/rss', { $: { version: '2.0' }, item: ['a'], title: ['t'] }, { $: { version: '2.0' }, channel: [{ item: ['a'], title: ['t'] }] }],
    ['/rss', { channel: [{ title: ['t'] }] }, { channel: [{ title: ['t'] }] }],
    ['/rdf:RDF', { item: ['a'] }, { item: ['a'], channel: [{}] }],
    ['/rdf:RDF', '', { channel: [{}] }],
    ['/feed/link', ' https://example.org/ ', { $: { href: 'https://example.org/' } }],
    ['/feed/entry/link', '', { $: {} }],
    ['/feed/entry/link', { $: { href: 'x' } }, { $: { href: 'x' } }],
    ['/feed/entry/published', 'le 25 mars 2024 à 10h00', { _: 'le 25 mars 2024 à 10h00' }],
    ['/feed/entry/updated', '2024-03-25T10:00:00Z', '2024-03-25T10:00:00Z'],
    ['/rss/channel/item/link', 'https://example.org/', 'https://example.org/'],
  ])('%s %j -> %j', (xpath, value, expected) => {
    expect(repairFeedStructure(xpath, undefined, value)).toEqual(expected);
  });
});
