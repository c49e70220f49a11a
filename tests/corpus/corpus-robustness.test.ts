import { describe, expect, it } from 'vitest';
import { FeedParseError, type FeedParseFailureKind } from '../../src/errors/feed-parse-error.js';
import { SUMMARY_MAX_LENGTH } from '../../src/parse/normalize-entry.js';
import { readManifest } from './corpus-files.js';
import { expectationOf } from './corpus-expectations.js';
import { runCorpusFile, type CorpusOutcome } from './run-corpus-file.js';

const MANIFEST = readManifest();
const ROWS = new Map(MANIFEST.map((row) => [row.file, row]));

/**
 * Every corpus file veille refuses, and why. Each one is flagged ill-formed by its upstream test
 * (feedparser `bozo`, node-feedparser "emit error") or rejected by the strict derived parser, as
 * checked below; every other flagged file is read anyway (see the tolerance rows).
 */
const EXPECTED_FAILURES: Readonly<Record<string, { kind: FeedParseFailureKind; reason: string }>> = {
  'feedparser/illformed__rss_empty_document.xml': { kind: 'not-a-feed', reason: 'only a comment, no element' },
  'feedparser/illformed__rss_incomplete_cdata.xml': { kind: 'malformed-xml', reason: 'document ends inside "<![CD"' },
  'miniflux/xml__iso88591_utf8_mismatch.xml': { kind: 'not-a-feed', reason: 'root element is <note>' },
  'node-feedparser/invalid-characters-gzipped.xml': { kind: 'encoding', reason: 'gzip bytes (NUL bytes), not text' },
  'rss-parser/unrecognized.rss': { kind: 'not-a-feed', reason: 'root element is <head> (an HTML fragment)' },
};

/**
 * Decoding must give readable text: these words appear in the normalized output (feed title, item
 * titles and summaries), which holds no U+FFFD and no UTF-8-read-as-Latin-1 sequences.
 */
const ENCODING_CHECKS: readonly (readonly [file: string, words: readonly string[]])[] = [
  ['french/epris-de-justice_ghost_2018.xml', ['Épris de justice', '« Vous connaissez ces gens-là, c’est des voyous ! »']],
  ['french/humanite_actu_2019.xml', ["L'actualité par l'Humanite.fr", 'Emploi des handicapés']],
  ['french/lemonde_idees_rss_full_2023-03-15.xml', ['Débats : Toute l’actualité sur Le Monde.fr.', 'la déstabilisation, la désinformation']],
  ['french/lemonde_international_rss_full_2024-03-27.xml', ['aux côtés des révolutionnaires américains']],
  ['miniflux/parser__no_encoding_ISO-8859-1.xml', ['Le Cercle Psy', "nombre d'études montrent"]],
  ['miniflux/encoding__iso-8859-1.xml', ['Café']],
  ['miniflux/encoding__windows-1252.xml', ['Euro €']],
  ['miniflux/encoding__windows-1252-incorrect-prolog.xml', ['Euro €']],
  ['miniflux/encoding__utf8-incorrect-prolog.xml', ['테스트 피드', 'Café']],
  ['miniflux/encoding__invalid-prolog.xml', ['Café']],
  ['miniflux/encoding__koi8r.xml', ['Пример RSS ленты', 'Привет мир']],
  ['miniflux/parser__encoding_WINDOWS-1251.xml', ['Цитата #17703']],
  ['miniflux/parser__encoding_ISO-8859-1.xml', ['Viele Spieler wünschen sich']],
  ['node-feedparser/iconv.xml', ['Новости Оренбурга и области']],
  ['prof18/feed-test-greek.xml', ['Liberal - ΕΠΙΚΑΙΡΟΤΗΤΑ', '«Πορτραίτα καραντίνας»']],
  ['prof18/feed-test-source.xml', ['À la une - Google Actualités', '200 cas détectés']],
  ['prof18/feed-test-charset.xml', ['Lørdagsrådet', 'Høydepunkter fra 2022']],
  ['rss-parser/encoding.rss', ['Jornal de Notícias - Últimas Notícias', 'Mãe de utente é a nova presidente da Raríssimas']],
  ['rss-parser/uolNoticias.rss', ['simulações de 2º turno']],
  ['feedparser/encoding__demoronize-1.xml', ['don’t']],
  ['feedparser/encoding__demoronize-2.xml', ['don’t']],
  ['feedparser/encoding__demoronize-3.xml', ['don’t']],
  ['simplepie/feed-utf16le.xml', ['Test feed', 'Test feed title 1', 'Test feed description 1']],
  ['simplepie/feed-utf16be.xml', ['Test feed', 'Test feed title 1', 'Test feed description 1']],
  ['simplepie/haveibeenpwned.xml', ['Have I Been Pwned latest breaches', 'Have Fun Teaching - 27,126 breached accounts']],
];

/** Files without any readable text to check: UTF-16/32 detection shows in the decoded prolog. */
const DECODED_PROLOG_CHECKS: readonly (readonly [file: string, prolog: string])[] = [
  ['feedparser/encoding__utf-16le-bom.xml', '<?xml version="1.0" encoding="utf-16"?>'],
  ['feedparser/encoding__utf-16be.xml', '<?xml version="1.0" encoding="utf-16be"?>'],
  ['feedparser/encoding__utf-32le-autodetect.xml', '<?xml version="1.0" encoding="utf-32"?>'],
  ['feedparser/encoding__utf-8-bom.xml', '<?xml version="1.0" encoding="utf-8"?>'],
];

const outcomes = new Map<string, Promise<CorpusOutcome>>();
function outcomeOf(file: string): Promise<CorpusOutcome> {
  const row = ROWS.get(file);
  if (row === undefined) throw new Error(`${file} is not in MANIFEST.tsv`);
  let outcome = outcomes.get(file);
  if (outcome === undefined) {
    outcome = runCorpusFile(row);
    outcomes.set(file, outcome);
  }
  return outcome;
}

function readableText(outcome: CorpusOutcome): string {
  if (!outcome.ok) return '';
  return [outcome.feed.title, ...outcome.items.flatMap((item) => [item.title, item.summary])].join('\n');
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('corpus robustness: decode -> parse -> identify -> normalize', () => {
  it('reads the whole manifest', () => {
    expect(MANIFEST).toHaveLength(149);
  });

  it.each(MANIFEST.map((row) => [row.file, EXPECTED_FAILURES[row.file]?.kind ?? 'read'] as const))('%s: %s', async (file, expected) => {
    const outcome = await outcomeOf(file);
    if (expected !== 'read') {
      expect(outcome.ok).toBe(false);
      const error = outcome.ok ? undefined : outcome.error;
      expect(error).toBeInstanceOf(FeedParseError);
      expect((error as FeedParseError).kind).toBe(expected);
      return;
    }
    if (!outcome.ok) throw outcome.error;
    expect(outcome.items).toHaveLength(outcome.feed.entries.length);
    expect(outcome.identified).toHaveLength(outcome.feed.entries.length);
    for (const item of outcome.items) {
      expect(item.id).not.toBe('');
      expect(item.storyKey).not.toBe('');
      expect(item.published).toMatch(ISO_INSTANT);
      expect(item.summary.length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
      expect(item.title).toBe(item.title.trim());
      expect(item.link === undefined || /^https?:\/\/[^#\s]+$/.test(item.link)).toBe(true);
    }
  });

  it('refuses only files that their upstream test or the strict parser also flags as ill-formed', () => {
    const unflagged = Object.keys(EXPECTED_FAILURES).filter((file) => {
      const expectation = expectationOf(file);
      return expectation.upstreamIllFormed === undefined && expectation.derivedParseError === undefined;
    });
    expect(unflagged).toEqual([]);
  });

  it.each(
    MANIFEST.filter((row) => {
      const expectation = expectationOf(row.file);
      return (expectation.upstreamIllFormed !== undefined || expectation.derivedParseError !== undefined) && EXPECTED_FAILURES[row.file] === undefined;
    }).map((row) => [row.file, expectationOf(row.file).upstreamIllFormed ?? expectationOf(row.file).derivedParseError ?? ''] as const),
  )('tolerates %s (flagged upstream: %s)', async (file) => {
    const outcome = await outcomeOf(file);
    expect(outcome.ok).toBe(true);
  });
});

describe('corpus decoding', () => {
  it.each(ENCODING_CHECKS)('%s decodes without mojibake', async (file, words) => {
    const text = readableText(await outcomeOf(file));
    for (const word of words) expect(text).toContain(word);
    expect(text).not.toMatch(/\uFFFD|Ã[\u0080-\u00BF]|â€/);
  });

  it.each(DECODED_PROLOG_CHECKS)('%s decodes to text starting with its prolog', async (file, prolog) => {
    const outcome = await outcomeOf(file);
    expect(outcome.text?.startsWith(prolog)).toBe(true);
  });

  it.each(MANIFEST.filter((row) => expectationOf(row.file).mustContain !== undefined).map((row) => [row.file, expectationOf(row.file).mustContain ?? ''] as const))(
    '%s: decoded document contains %j (miniflux)',
    async (file, mustContain) => {
      expect((await outcomeOf(file)).text).toContain(mustContain);
    },
  );
});
