import { describe, expect, it } from 'vitest';
import { sniffRootElement } from '../../src/parse/sniff-root-element.js';

describe('sniffRootElement', () => {
  it.each([
    ['<rss version="2.0">', { kind: 'element', name: 'rss' }],
    ['\ufeff  \n<feed xmlns="http://www.w3.org/2005/Atom">', { kind: 'element', name: 'feed' }],
    ['<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="x">', { kind: 'element', name: 'rdf:RDF' }],
    ['<?xml version="1.0"?><?xml-stylesheet href="a.xsl" type="text/xsl"?><rss>', { kind: 'element', name: 'rss' }],
    ['<!-- a > b --><!-- c --><rss>', { kind: 'element', name: 'rss' }],
    ['<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://x/">\n<rss>', { kind: 'element', name: 'rss' }],
    ['<!DOCTYPE rss [<!ENTITY a "x>y"> <!ENTITY b \'>\'>]><rss>', { kind: 'element', name: 'rss' }],
    ['<!DOCTYPE html><html lang="fr">', { kind: 'element', name: 'html' }],
    ['\n\n    <?xml version="1.0"?>\n<feed>', { kind: 'element', name: 'feed' }],
    ['', { kind: 'empty' }],
    [' \r\n\t', { kind: 'empty' }],
    ['<?xml version="1.0"?>', { kind: 'empty' }],
    ['{"items":[]}', { kind: 'text', start: '{"items":[]}' }],
    ['Bad Gateway: the upstream server failed', { kind: 'text', start: 'Bad Gateway: the' }],
    ['< rss>', { kind: 'text', start: '< rss>' }],
    ['<?xml version="1.0"', { kind: 'unterminated' }],
    ['<!-- <rss>', { kind: 'unterminated' }],
    ['<!DOCTYPE rss [ <!ENTITY a "b">', { kind: 'unterminated' }],
  ])('%j -> %j', (text, expected) => {
    expect(sniffRootElement(text)).toEqual(expected);
  });
});
