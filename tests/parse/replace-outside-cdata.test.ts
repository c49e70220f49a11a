import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../../src/errors/feed-parse-error.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { replaceOutsideCdata } from '../../src/parse/replace-outside-cdata.js';

describe('replaceOutsideCdata', () => {
  it.each([
    ['a&b', 'a#b'],
    ['<![CDATA[a&b]]>&', '<![CDATA[a&b]]>#'],
    ['&<![CDATA[&]]>&<![CDATA[&]]>&', '#<![CDATA[&]]>#<![CDATA[&]]>#'],
    ['&<![CDATA[& never closed &', '#<![CDATA[# never closed #'],
    ['<![CDATA[&]]>&<![CDATA[& open', '<![CDATA[&]]>#<![CDATA[# open'],
    ['&]]>&', '#]]>#'],
  ])('%j -> %j', (text, expected) => {
    expect(replaceOutsideCdata(text, /&/g, () => '#')).toBe(expected);
  });

  // A lazy CDATA regex rescanned the rest of the text for each unterminated `<![CDATA[`: about 30 s
  // for this 1.8 MB document (15 minutes at 9 MB), the event loop blocked. The timeout is the bound.
  it('stays linear on 200,000 unterminated CDATA openers (the repair of a hostile feed)', { timeout: 10_000 }, async () => {
    const xml = `<rss version="2.0"><channel><title>AT&T</title>${'<![CDATA['.repeat(200_000)}</channel></rss>`;
    expect(replaceOutsideCdata(xml, /&(?!amp;)/g, () => '&amp;')).toBe(xml.replace('AT&T', 'AT&amp;T'));
    const error = await parseFeed(xml).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(FeedParseError);
    const { kind, message } = error as FeedParseError;
    expect({ kind, message }).toEqual({ kind: 'malformed-xml', message: 'malformed XML: Invalid character in entity name (line 1, column 40)' });
  });
});
