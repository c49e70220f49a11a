import { readCorpusJson } from './corpus-files.js';

/** One expected value and where it comes from. */
export interface Expected<T> {
  readonly value: T;
  readonly oracle: string;
}

/** What the oracles say a file extracts to (null: the oracle says the value is absent). */
export interface FileExpectation {
  readonly feedTitle?: Expected<string | null>;
  readonly itemCount?: Expected<number>;
  readonly firstTitle?: Expected<string | null>;
  readonly firstLink?: Expected<string | null>;
  /** The upstream test says the document is ill-formed (feedparser `bozo`, a sax error...). */
  readonly upstreamIllFormed?: string;
  /** The strict derived parser (expat) rejected the document. */
  readonly derivedParseError?: string;
  /** miniflux: the decoded document must contain this. */
  readonly mustContain?: string;
  /** HTTP headers the upstream test simulates. */
  readonly contentType?: string;
}

type Json = Record<string, unknown>;

const UPSTREAM = readCorpusJson('expected/upstream_expectations.json');
const DERIVED = readCorpusJson('expected/derived_elementtree.json');

export function expectationOf(file: string): FileExpectation {
  const upstream = UPSTREAM[file] as Json | undefined;
  const derived = DERIVED[file] as Json | undefined;
  const fromUpstream = upstream === undefined ? {} : upstreamFields(upstream);
  const fromDerived = derived === undefined ? {} : derivedFields(derived);
  // Upstream is authoritative field by field; the derived cross-check fills the gaps.
  return { ...fromDerived, ...fromUpstream };
}

export function hasUpstreamExpectation(file: string): boolean {
  return UPSTREAM[file] !== undefined;
}

function derivedFields(derived: Json): FileExpectation {
  const oracle = 'derived_elementtree (weak)';
  if (typeof derived['parse_error'] === 'string') return { derivedParseError: derived['parse_error'] };
  const first = derived['first_item'] as Json | null | undefined;
  return {
    feedTitle: { value: stringOrNull(derived['feed_title']), oracle },
    itemCount: { value: Number(derived['item_count']), oracle },
    firstTitle: { value: first === null || first === undefined ? null : stringOrNull(first['title']), oracle },
    firstLink: { value: first === null || first === undefined ? null : stringOrNull(first['link']), oracle },
  };
}

function upstreamFields(upstream: Json): FileExpectation {
  const oracle = String(upstream['oracle'] ?? '');
  const headers = upstream['http_headers'];
  const contentType = Array.isArray(headers)
    ? headers.map(String).find((header) => /^content-type:/i.test(header))?.replace(/^content-type:\s*/i, '')
    : undefined;
  const base: FileExpectation = contentType === undefined ? {} : { contentType };
  if (oracle.startsWith('python feedparser')) return { ...base, ...feedparserFields(String(upstream['expect'] ?? ''), oracle) };
  if (oracle.startsWith('rss-parser test/output')) return { ...base, ...summaryFields(upstream, oracle, 'link') };
  if (oracle.startsWith('rowanmanning')) return { ...base, ...summaryFields(upstream, oracle, 'url') };
  if (oracle.startsWith('prof18')) return { ...base, ...prof18Fields(upstream, oracle) };
  if (oracle.startsWith('miniflux encoding_test')) return { ...base, mustContain: String(upstream['must_contain']) };
  if (oracle.startsWith('node-feedparser')) return { ...base, ...nodeFeedparserFields(upstream, oracle) };
  return base;
}

/** rss-parser and rowanmanning summaries: a missing first-item key means the value is absent. */
function summaryFields(upstream: Json, oracle: string, linkKey: string): FileExpectation {
  const first = (upstream['first_item'] ?? {}) as Json;
  return {
    feedTitle: { value: stringOrNull(upstream['feed_title']), oracle },
    itemCount: { value: Number(upstream['item_count']), oracle },
    firstTitle: { value: stringOrNull(first['title']), oracle },
    firstLink: { value: stringOrNull(first[linkKey]), oracle },
  };
}

function prof18Fields(upstream: Json, oracle: string): FileExpectation {
  const channel = (upstream['channel'] ?? {}) as Json;
  const first = (upstream['first_item'] ?? {}) as Json;
  return {
    ...('title' in channel ? { feedTitle: { value: stringOrNull(channel['title']), oracle } } : {}),
    ...('title' in first ? { firstTitle: { value: stringOrNull(first['title']), oracle } } : {}),
    ...('link' in first ? { firstLink: { value: stringOrNull(first['link']), oracle } } : {}),
  };
}

function nodeFeedparserFields(upstream: Json, oracle: string): FileExpectation {
  const links = (upstream['item_links'] ?? upstream['first_two_links']) as unknown[] | undefined;
  const resumed = upstream['item_titles_with_resume_saxerror'] as unknown[] | undefined;
  const expectsError = typeof upstream['expect'] === 'string' && upstream['expect'].startsWith('emit error');
  return {
    ...(typeof upstream['item_count'] === 'number' ? { itemCount: { value: upstream['item_count'], oracle } } : {}),
    ...(links?.[0] !== undefined ? { firstLink: { value: String(links[0]), oracle } } : {}),
    ...(typeof upstream['first_item_origlink'] === 'string' ? { firstLink: { value: upstream['first_item_origlink'], oracle: `${oracle} (origlink)` } } : {}),
    // saxerror.xml: feedparser in resume mode reads all three items; strict mode must throw.
    ...(resumed !== undefined
      ? { itemCount: { value: resumed.length, oracle: `${oracle} (resume)` }, firstTitle: { value: String(resumed[0]), oracle: `${oracle} (resume)` } }
      : {}),
    ...(expectsError ? { upstreamIllFormed: String(upstream['expect']) } : {}),
  };
}

/** Reads the few feedparser test expressions that are about our four fields. */
function feedparserFields(expect: string, oracle: string): FileExpectation {
  const literal = String.raw`('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")`;
  const feedTitle = new RegExp(String.raw`feed\['title'\] == ${literal}`).exec(expect)?.[1];
  const firstTitle = new RegExp(String.raw`entries\[0\]\['title'\] == ${literal}`).exec(expect)?.[1];
  const firstLink = new RegExp(String.raw`entries\[0\](?:\['link'\]|\.link) == ${literal}`).exec(expect)?.[1];
  const noLink = expect.includes("not entries[0].has_key('link')");
  const bozo = /^bozo\b/.test(expect);
  return {
    ...(feedTitle === undefined ? {} : { feedTitle: { value: pythonString(feedTitle), oracle } }),
    ...(firstTitle === undefined ? {} : { firstTitle: { value: pythonString(firstTitle), oracle } }),
    ...(firstLink === undefined ? {} : { firstLink: { value: pythonString(firstLink), oracle } }),
    ...(noLink ? { firstLink: { value: null, oracle } } : {}),
    ...(bozo ? { upstreamIllFormed: `feedparser: ${expect}` } : {}),
  };
}

/** A Python string literal ('...' or "...") with \\x, \\u and the usual escapes. */
export function pythonString(literal: string): string {
  return literal.slice(1, -1).replace(/\\(x[\da-fA-F]{2}|u[\da-fA-F]{4}|.)/g, (_match, escape: string) => {
    if (escape.length > 1) return String.fromCharCode(Number.parseInt(escape.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[escape] ?? escape;
  });
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
