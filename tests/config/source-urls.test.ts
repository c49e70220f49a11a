import { describe, expect, it } from 'vitest';
import { checkCron } from '../../src/config/check-cron.js';
import { checkRule } from '../../src/config/check-rule.js';
import type { ConfigDocument } from '../../src/config/config-document.js';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { ConfigError } from '../../src/errors/config-error.js';

/** A source's `url`: checked, normalized (what is read), and shown with its `${VAR}` references as written. */
const ENV = { HOST: 'feeds.example', TOKEN: 's3cr3t' };
const options = { dir: '/config', env: ENV, apis: {}, checkRule, checkCron };

function documentWith(urls: readonly string[]): ConfigDocument {
  return {
    file: 'sources.yaml',
    data: {
      sources: urls.map((url, index) => ({ name: `s${index}`, url })),
      watches: [{ name: 'w', rule: 'Huawei', to: ['console'] }],
      destinations: { console: { type: 'console' } },
    },
    locate: () => undefined,
  };
}

describe('source URLs', () => {
  it.each([
    ['https://example.org/feed.xml', 'https://example.org/feed.xml', 'https://example.org/feed.xml', 'example.org'],
    ['  HTTPS://Example.ORG:443/a/../feed.xml  ', 'https://example.org/feed.xml', 'https://example.org/feed.xml', 'example.org'],
    ['http://example.org', 'http://example.org/', 'http://example.org/', 'example.org'],
    ['http://example.org/a b?q=é', 'http://example.org/a%20b?q=%C3%A9', 'http://example.org/a%20b?q=%C3%A9', 'example.org'],
    ['https://${HOST}/feed.xml', 'https://feeds.example/feed.xml', 'https://${HOST}/feed.xml', 'feeds.example'],
    [' https://example.org/feed?token=${TOKEN} ', 'https://example.org/feed?token=s3cr3t', 'https://example.org/feed?token=${TOKEN}', 'example.org'],
    ['https://${NOPE:-example.net}/feed', 'https://example.net/feed', 'https://${NOPE:-example.net}/feed', 'example.net'],
    ['https://example.org/feed?price=$$5', 'https://example.org/feed?price=$5', 'https://example.org/feed?price=$5', 'example.org'],
    ['https://example.org/$$${TOKEN}', 'https://example.org/$s3cr3t', 'https://example.org/$${TOKEN}', 'example.org'],
    // The host the per-host limit counts: case-folded, without the port; IP literals as the URL writes them.
    ['http://Feeds.EXAMPLE.org:8080/rss', 'http://feeds.example.org:8080/rss', 'http://feeds.example.org:8080/rss', 'feeds.example.org'],
    ['http://127.0.0.1:41000/f/1.xml', 'http://127.0.0.1:41000/f/1.xml', 'http://127.0.0.1:41000/f/1.xml', '127.0.0.1'],
    ['http://[::1]:8080/feed', 'http://[::1]:8080/feed', 'http://[::1]:8080/feed', '[::1]'],
    ['https://xn--caf-dma.example/feed', 'https://xn--caf-dma.example/feed', 'https://xn--caf-dma.example/feed', 'xn--caf-dma.example'],
    ['https://café.example/feed', 'https://xn--caf-dma.example/feed', 'https://xn--caf-dma.example/feed', 'xn--caf-dma.example'],
  ])('%j: reads %j, shows %j, host %j', (written, url, displayUrl, host) => {
    const config = resolveConfig([documentWith([written])], options);
    expect(config.sources).toEqual([{ name: 's0', url, displayUrl, host, backfillMs: 0, staleAfterMs: 0 }]);
  });

  it.each([
    ['not a url', "'not a url' is not a valid URL (expected http:// or https://)"],
    ['ftp://example.org/feed', "unsupported scheme 'ftp:' (expected http or https)"],
    ['https://user:pw@example.org/feed', 'credentials in feed URLs are not supported'],
  ])('%j is refused', (written, message) => {
    expect(() => resolveConfig([documentWith(['https://example.org/ok.xml', written])], options)).toThrow(ConfigError);
    try {
      resolveConfig([documentWith(['https://example.org/ok.xml', written])], options);
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([{ file: 'sources.yaml', path: 'sources[1].url', message }]);
    }
  });

  it('refuses two sources whose URLs are the same once normalized', () => {
    expect(() => resolveConfig([documentWith(['https://example.org/feed.xml', 'HTTPS://EXAMPLE.org:443/./feed.xml'])], options)).toThrow(ConfigError);
    try {
      resolveConfig([documentWith(['https://example.org/feed.xml', 'HTTPS://EXAMPLE.org:443/./feed.xml'])], options);
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([{ file: 'sources.yaml', path: 'sources[1].url', message: "same URL as source 's0'" }]);
    }
  });
});
