import { describe, expect, it } from 'vitest';
import { parseCacheControlMaxAge } from '../../src/fetch/parse-cache-control.js';
import { readFeedHints } from '../../src/parse/read-feed-hints.js';

const channel = (head: string, items = '<item><title>a</title><ttl>999</ttl></item>') =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>t</title>${head}${items}</channel></rss>`;

describe('readFeedHints', () => {
  it.each([
    ['no hint', channel(''), {}],
    ['a ttl in minutes', channel('<ttl>60</ttl>'), { ttlMs: 3_600_000 }],
    ['a ttl with spaces', channel('<ttl> 15 </ttl>'), { ttlMs: 900_000 }],
    ['a ttl of 0 asks nothing', channel('<ttl>0</ttl>'), {}],
    ['a ttl that is not a number', channel('<ttl>soon</ttl>'), {}],
    ['only the channel counts, not an item', channel('', '<item><ttl>60</ttl></item>'), {}],
    ['sy:updatePeriod hourly', channel('<sy:updatePeriod>hourly</sy:updatePeriod>'), { updatePeriodMs: 3_600_000 }],
    ['daily, twice', channel('<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>'), { updatePeriodMs: 43_200_000 }],
    ['hourly, 4 times', channel('<sy:updatePeriod>hourly</sy:updatePeriod>\n<sy:updateFrequency>4</sy:updateFrequency>'), { updatePeriodMs: 900_000 }],
    ['another prefix, upper case', channel('<syn:updatePeriod>Weekly</syn:updatePeriod>'), { updatePeriodMs: 604_800_000 }],
    ['an unknown period', channel('<sy:updatePeriod>sometimes</sy:updatePeriod>'), {}],
    ['a frequency of 0', channel('<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>0</sy:updateFrequency>'), {}],
    ['both', channel('<ttl>30</ttl><sy:updatePeriod>hourly</sy:updatePeriod>'), { ttlMs: 1_800_000, updatePeriodMs: 3_600_000 }],
    ['an Atom feed', '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>a</title></entry></feed>', {}],
  ])('%s', (_name, xml, expected) => {
    expect(readFeedHints(xml)).toEqual(expected);
  });
});

describe('parseCacheControlMaxAge', () => {
  it.each([
    [undefined, undefined],
    ['public', undefined],
    ['max-age=300', 300_000],
    ['public, max-age=1800, must-revalidate', 1_800_000],
    ['Max-Age = 60', 60_000],
    ['max-age="120"', 120_000],
    ['s-maxage=600', undefined],
    ['no-cache', 0],
    ['max-age=600, no-store', 0],
    ['max-age=0', 0],
    ['max-age=abc', undefined],
    [['public', 'max-age=90'], 90_000],
  ] as const)('%j', (header, expected) => {
    expect(parseCacheControlMaxAge(header)).toBe(expected);
  });
});
