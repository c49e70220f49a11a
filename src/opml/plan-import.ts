import type { OpmlFeed } from './opml-document.js';

/** A source already in the configuration (its URL as the config loader normalized it). */
export interface ExistingSource {
  readonly name: string;
  readonly url: string;
}

/** A source to add: a unique name and a normalized http(s) URL. */
export interface PlannedSource {
  readonly name: string;
  readonly url: string;
}

export type SkipReason =
  /** A configured source (or, `inFile`, an earlier feed of the same file) has this URL. */
  | { readonly kind: 'same-url'; readonly source: string; readonly inFile: boolean }
  /** A configured source (or an earlier feed of the file) has this name, with another URL. */
  | { readonly kind: 'same-name'; readonly url: string; readonly inFile: boolean }
  | { readonly kind: 'invalid-url'; readonly message: string }
  /** A leaf outline with no `xmlUrl` (a bookmark, or an exporter that lost it). */
  | { readonly kind: 'no-feed-url' };

export interface ImportPlan {
  readonly added: readonly PlannedSource[];
  readonly skipped: readonly { readonly feed: OpmlFeed; readonly name: string; readonly reason: SkipReason }[];
}

/**
 * Which feeds of an OPML file become new sources (pure). A feed is skipped when its URL or its name
 * is already used, by the configuration or by an earlier feed of the file (feed readers list a feed
 * once per folder it is in), or when its URL is not one the config loader accepts. URLs are compared
 * as the loader normalizes them (`new URL(url).href`); names exactly, as the loader does.
 */
export function planImport(
  feeds: readonly OpmlFeed[],
  existing: readonly ExistingSource[],
  withoutFeedUrl: readonly { readonly text: string; readonly folders: readonly string[] }[] = [],
): ImportPlan {
  const byUrl = new Map<string, { name: string; inFile: boolean }>();
  const byName = new Map<string, { url: string; inFile: boolean }>();
  for (const source of existing) {
    byUrl.set(source.url, { name: source.name, inFile: false });
    byName.set(source.name, { url: source.url, inFile: false });
  }
  const added: PlannedSource[] = [];
  const skipped: { feed: OpmlFeed; name: string; reason: SkipReason }[] = [];
  for (const feed of feeds) {
    const url = normalizeFeedUrl(feed.xmlUrl);
    const name = feed.text !== '' ? feed.text : typeof url === 'string' ? fallbackName(url) : feed.xmlUrl;
    if (typeof url !== 'string') {
      skipped.push({ feed, name, reason: { kind: 'invalid-url', message: url.problem } });
      continue;
    }
    const sameUrl = byUrl.get(url);
    if (sameUrl !== undefined) {
      skipped.push({ feed, name, reason: { kind: 'same-url', source: sameUrl.name, inFile: sameUrl.inFile } });
      continue;
    }
    const sameName = byName.get(name);
    if (sameName !== undefined) {
      skipped.push({ feed, name, reason: { kind: 'same-name', url: sameName.url, inFile: sameName.inFile } });
      continue;
    }
    byUrl.set(url, { name, inFile: true });
    byName.set(name, { url, inFile: true });
    added.push({ name, url });
  }
  for (const outline of withoutFeedUrl) {
    skipped.push({ feed: { text: outline.text, xmlUrl: '', folders: outline.folders }, name: outline.text || '(untitled outline)', reason: { kind: 'no-feed-url' } });
  }
  return { added, skipped };
}

/** One line saying why a feed was skipped. */
export function describeSkip(reason: SkipReason): string {
  switch (reason.kind) {
    case 'same-url':
      return reason.inFile ? `same URL as '${reason.source}', earlier in the file` : `same URL as source '${reason.source}'`;
    case 'same-name':
      return reason.inFile ? `same name as an earlier feed of the file (${reason.url})` : `a source with this name already exists (${reason.url})`;
    case 'invalid-url':
      return reason.message;
    case 'no-feed-url':
      return 'no feed URL (xmlUrl) in this outline';
  }
}

function normalizeFeedUrl(text: string): string | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `unsupported scheme '${url.protocol}' (expected http or https)` };
  if (url.username !== '' || url.password !== '') return { problem: 'credentials in feed URLs are not supported' };
  return url.href;
}

/** A name for a feed the file gives none: host and path, e.g. `example.com/feed`. */
function fallbackName(url: string): string {
  const { host, pathname, search } = new URL(url);
  return `${host}${pathname === '/' ? '' : pathname}${search}`;
}
