import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFeedBody } from '../../src/decode/decode-body.js';
import { FeedParseError } from '../../src/errors/feed-parse-error.js';

const latin1 = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const utf16le = (text: string): Uint8Array => Buffer.from(text, 'utf16le');
const utf16be = (text: string): Uint8Array => Buffer.from(text, 'utf16le').swap16();
const bytes = (...parts: (number[] | Uint8Array)[]): Uint8Array => Buffer.concat(parts.map((part) => Buffer.from(part)));
const fixture = (name: string): Uint8Array => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));

describe('decodeFeedBody', () => {
  it.each([
    ['UTF-8 BOM, stripped', bytes([0xef, 0xbb, 0xbf], utf8('<rss>é</rss>')), undefined, '<rss>é</rss>'],
    ['UTF-8 BOM wins over a header charset', bytes([0xef, 0xbb, 0xbf], utf8('<a>é</a>')), 'text/xml; charset=iso-8859-1', '<a>é</a>'],
    ['UTF-8 BOM on invalid UTF-8 falls back to windows-1252', bytes([0xef, 0xbb, 0xbf], latin1('<a>caf\xe9</a>')), undefined, '<a>café</a>'],
    ['UTF-16LE BOM', bytes([0xff, 0xfe], utf16le('<a>été</a>')), 'text/xml; charset=utf-8', '<a>été</a>'],
    ['UTF-16BE BOM', bytes([0xfe, 0xff], utf16be('<a>été</a>')), undefined, '<a>été</a>'],
    ['UTF-16LE without BOM (NUL pattern)', utf16le('<?xml version="1.0" encoding="utf-16"?><a>ü</a>'), undefined, '<?xml version="1.0" encoding="utf-16"?><a>ü</a>'],
    ['UTF-16BE without BOM (NUL pattern)', utf16be('<a>ü</a>'), undefined, '<a>ü</a>'],
    ['UTF-32LE without BOM', Buffer.from([0x3c, 0, 0, 0, 0x61, 0, 0, 0, 0x3e, 0, 0, 0]), undefined, '<a>'],
    ['header charset', latin1('<a>caf\xe9</a>'), 'text/xml; charset=ISO-8859-1', '<a>café</a>'],
    ['header charset, quoted and spaced', latin1('<a>caf\xe9</a>'), 'application/rss+xml;charset = "latin1"', '<a>café</a>'],
    ['header charset wins over the declaration', Buffer.from([...utf8('<?xml version="1.0" encoding="ISO-8859-1"?><a>'), 0xcf, 0xf0, 0xe8, ...utf8('</a>')]), 'text/xml; charset=windows-1251', '<?xml version="1.0" encoding="ISO-8859-1"?><a>При</a>'],
    ['Latin-1 labels read as windows-1252 (0x92 is a curly apostrophe)', latin1('<a>l\x92\xe9t\xe9 \x80</a>'), 'text/xml; charset=iso-8859-1', '<a>l’été €</a>'],
    ['XML declaration', latin1('<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>'), undefined, '<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>'],
    ['XML declaration, single quotes, after white space', latin1("\n <?xml version='1.0' encoding='windows-1252'?><a>\x80</a>"), undefined, "\n <?xml version='1.0' encoding='windows-1252'?><a>€</a>"],
    ['XML declaration of another legacy charset', Buffer.from([...utf8('<?xml version="1.0" encoding="koi8-r"?><a>'), 0xf0, 0xd2, 0xc9, ...utf8('</a>')]), undefined, '<?xml version="1.0" encoding="koi8-r"?><a>При</a>'],
    ['unknown header label falls through to the declaration', latin1('<?xml version="1.0" encoding="iso-8859-1"?><a>\xe9</a>'), 'text/xml; charset=bogus', '<?xml version="1.0" encoding="iso-8859-1"?><a>é</a>'],
    ['unknown declared label falls through to UTF-8', utf8('<?xml version="1.0" encoding="bogus"?><a>é</a>'), undefined, '<?xml version="1.0" encoding="bogus"?><a>é</a>'],
    ['declared UTF-8 on invalid UTF-8 falls back to windows-1252', latin1('<?xml version="1.0" encoding="utf-8"?><a>d\xe9j\xe0</a>'), undefined, '<?xml version="1.0" encoding="utf-8"?><a>déjà</a>'],
    ['header UTF-8 on invalid UTF-8 falls back to windows-1252', latin1('<a>d\xe9j\xe0</a>'), 'text/xml; charset=UTF-8', '<a>déjà</a>'],
    ['declared Latin-1 on valid non-ASCII UTF-8 is UTF-8 (the label lies)', utf8('<?xml version="1.0" encoding="ISO-8859-1"?><a>Café €</a>'), undefined, '<?xml version="1.0" encoding="ISO-8859-1"?><a>Café €</a>'],
    ['UTF-16 label on ASCII-compatible bytes is ignored', utf8('<?xml version="1.0" encoding="UTF-16"?><a>é</a>'), undefined, '<?xml version="1.0" encoding="UTF-16"?><a>é</a>'],
    ['nothing declared, valid UTF-8', utf8('<a>Noël</a>'), undefined, '<a>Noël</a>'],
    ['nothing declared, not UTF-8: windows-1252', latin1('<a>No\xebl \x93ok\x94</a>'), undefined, '<a>Noël “ok”</a>'],
    ['empty body', new Uint8Array(), undefined, ''],
  ])('%s', (_name, body, contentType, expected) => {
    expect(decodeFeedBody(body, contentType)).toBe(expected);
  });

  it.each([
    ['french-latin1.xml', undefined],
    ['french-latin1-undeclared.xml', undefined],
    ['french-latin1-declared-utf8.xml', undefined],
    ['french-utf8-declared-latin1.xml', undefined],
    ['french-utf16le-bom.xml', undefined],
    ['french-utf16be.xml', undefined],
    ['french-latin1-undeclared.xml', 'text/xml'],
    ['french-latin1.xml', 'application/rss+xml; charset=utf-8'],
  ])('decodes %s (Content-Type %s) to readable French', (name, contentType) => {
    const text = decodeFeedBody(fixture(name), contentType);
    expect(text).toContain('<title>Le Monde de la sécurité</title>');
    expect(text).toContain('L’été des failles : déjà trois alertes à Orléans');
    expect(text).toContain('problème – « enfin »');
    expect(text).not.toMatch(/\uFFFD|Ã©|Ã¨|â€/);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it.each([
    ['a gzip body that was never decompressed', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03])],
    ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d])],
  ])('throws FeedParseError kind encoding for %s', (_name, body) => {
    let thrown: unknown;
    try {
      decodeFeedBody(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FeedParseError);
    expect(thrown).toMatchObject({ name: 'FeedParseError', kind: 'encoding', message: 'the feed body is binary (NUL bytes), not text' });
  });

  it('reads a Uint8Array view into a larger buffer without its neighbours', () => {
    const backing = Buffer.from('xx<a>été</a>yy', 'utf8');
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, backing.length - 4);
    expect(decodeFeedBody(view)).toBe('<a>été</a>');
  });
});
