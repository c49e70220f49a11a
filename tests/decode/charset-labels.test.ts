import { describe, expect, it } from 'vitest';
import { charsetFromContentType } from '../../src/decode/charset-from-content-type.js';
import { charsetFromXmlDeclaration } from '../../src/decode/charset-from-xml-declaration.js';
import { resolveCharset } from '../../src/decode/resolve-charset.js';
import { detectUnicodeSignature } from '../../src/decode/unicode-signature.js';

describe('charsetFromContentType', () => {
  it.each([
    [undefined, undefined],
    ['text/xml', undefined],
    ['text/xml; charset=utf-8', 'utf-8'],
    ['text/xml;charset=ISO-8859-1', 'ISO-8859-1'],
    ['text/xml; charset = us-ascii', 'us-ascii'],
    ['application/rss+xml; charset="windows-1252"; foo=bar', 'windows-1252'],
    ["text/xml; charset='koi8-r'", 'koi8-r'],
    ['text/xml; CHARSET=UTF-8', 'UTF-8'],
    ['text/xml; charset=', undefined],
    ['text/xml; charset=""', undefined],
  ])('%s -> %s', (contentType, expected) => {
    expect(charsetFromContentType(contentType)).toBe(expected);
  });
});

describe('charsetFromXmlDeclaration', () => {
  it.each([
    ['<?xml version="1.0" encoding="ISO-8859-1"?><rss/>', 'ISO-8859-1'],
    ["<?xml version='1.0' encoding='utf-8' standalone='yes'?>", 'utf-8'],
    ['\n\n  <?xml version="1.0" encoding = "windows-1251" ?>', 'windows-1251'],
    ['<?xml version="1.0"?><rss/>', undefined],
    ['<rss><?xml version="1.0" encoding="koi8-r"?></rss>', undefined],
    ['<!-- c --><?xml version="1.0" encoding="koi8-r"?>', undefined],
    ['<?xml version="1.0" encoding=""?>', undefined],
    ['', undefined],
  ])('%j -> %s', (head, expected) => {
    expect(charsetFromXmlDeclaration(Buffer.from(head, 'latin1'))).toBe(expected);
  });
});

describe('resolveCharset', () => {
  it.each([
    ['UTF-8', { family: 'utf-8' }],
    ['utf8', { family: 'utf-8' }],
    ['UTF-16', { family: 'wide' }],
    ['utf-16be', { family: 'wide' }],
    ['utf-32', { family: 'wide' }],
    ['ISO-8859-1', { family: 'legacy', encoding: 'windows-1252' }],
    ['us-ascii', { family: 'legacy', encoding: 'windows-1252' }],
    ['latin1', { family: 'legacy', encoding: 'windows-1252' }],
    ['Windows-1252', { family: 'legacy', encoding: 'windows-1252' }],
    ['iso-8859-15', { family: 'legacy', encoding: 'iso-8859-15' }],
    ['KOI8-R', { family: 'legacy', encoding: 'koi8-r' }],
    [' windows-1251 ', { family: 'legacy', encoding: 'windows-1251' }],
    ['bogus', undefined],
    ['', undefined],
  ])('%j -> %j', (label, expected) => {
    expect(resolveCharset(label)).toEqual(expected);
  });
});

describe('detectUnicodeSignature', () => {
  it.each([
    [[0xef, 0xbb, 0xbf, 0x3c], { encoding: 'utf-8', bomLength: 3 }],
    [[0xff, 0xfe, 0x3c, 0x00], { encoding: 'utf-16le', bomLength: 2 }],
    [[0xfe, 0xff, 0x00, 0x3c], { encoding: 'utf-16be', bomLength: 2 }],
    [[0xff, 0xfe, 0x00, 0x00], { encoding: 'utf-32le', bomLength: 4 }],
    [[0x00, 0x00, 0xfe, 0xff], { encoding: 'utf-32be', bomLength: 4 }],
    [[0x3c, 0x00, 0x3f, 0x00], { encoding: 'utf-16le', bomLength: 0 }],
    [[0x00, 0x3c, 0x00, 0x3f], { encoding: 'utf-16be', bomLength: 0 }],
    [[0x3c, 0x00, 0x00, 0x00], { encoding: 'utf-32le', bomLength: 0 }],
    [[0x00, 0x00, 0x00, 0x3c], { encoding: 'utf-32be', bomLength: 0 }],
    [[0x3c, 0x3f, 0x78, 0x6d], undefined],
    [[0x3c, 0x00], undefined],
    [[], undefined],
  ])('%j -> %j', (head, expected) => {
    expect(detectUnicodeSignature(Uint8Array.from(head))).toEqual(expected);
  });
});
