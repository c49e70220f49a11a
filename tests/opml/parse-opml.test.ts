import { describe, expect, it } from 'vitest';
import { OpmlError } from '../../src/errors/opml-error.js';
import type { OpmlDocument } from '../../src/opml/opml-document.js';
import { parseOpml } from '../../src/opml/parse-opml.js';
import { readOpmlFixture } from './read-opml-fixture.js';

const LEMAGIT = 'https://www.lemagit.fr/rss/ContentSyndication.xml';

const documents: readonly { readonly fixture: string; readonly expected: OpmlDocument }[] = [
  {
    // Feedly: OPML 1.0, one level of folders, a feed listed in two folders.
    fixture: 'feedly.opml',
    expected: {
      title: 'Mes abonnements dans feedly Cloud',
      feeds: [
        { text: 'LeMagIT', xmlUrl: LEMAGIT, htmlUrl: 'https://www.lemagit.fr/', folders: ['Cloud souverain'] },
        {
          text: 'Le Monde Informatique - Cloud',
          xmlUrl: 'https://www.lemondeinformatique.fr/flux-rss/thematique/le-monde-du-cloud-computing/rss.xml',
          htmlUrl: 'https://www.lemondeinformatique.fr',
          folders: ['Cloud souverain'],
        },
        { text: 'CERT-FR – Alertes et avis', xmlUrl: 'https://www.cert.ssi.gouv.fr/feed/', htmlUrl: 'https://www.cert.ssi.gouv.fr', folders: ['Sécurité'] },
        { text: 'LeMagIT', xmlUrl: LEMAGIT, htmlUrl: 'https://www.lemagit.fr/', folders: ['Sécurité'] },
      ],
    },
  },
  {
    // Inoreader: nested folders, `text` (the user's name) differing from `title`, &amp; in query strings.
    fixture: 'inoreader.opml',
    expected: {
      title: 'Subscriptions of Camille from Inoreader [https://www.inoreader.com]',
      feeds: [
        { text: 'Next', xmlUrl: 'https://next.ink/feed/', htmlUrl: 'https://next.ink/', folders: ['Tech FR'] },
        { text: 'Journal du Net', xmlUrl: 'https://www.journaldunet.com/rss/', htmlUrl: 'https://www.journaldunet.com', folders: ['Tech FR'] },
        {
          text: 'Google News – SecNumCloud',
          xmlUrl: 'https://news.google.com/rss/search?q=SecNumCloud&hl=fr&gl=FR&ceid=FR:fr',
          htmlUrl: 'https://news.google.com/search?q=SecNumCloud&hl=fr',
          folders: ['Tech FR', 'Veille cloud'],
        },
        { text: 'Numerama', xmlUrl: 'https://www.numerama.com/feed/', htmlUrl: 'https://www.numerama.com', folders: [] },
      ],
    },
  },
  {
    // NetNewsWire: OPML 1.1, a comment, tabs, feeds at the top level and in a folder, &#8217;.
    fixture: 'netnewswire.opml',
    expected: {
      title: 'Subscriptions-OnMyMac.opml',
      feeds: [
        { text: 'Siècle Digital', xmlUrl: 'https://siecledigital.fr/feed/', htmlUrl: 'https://siecledigital.fr/', folders: [] },
        { text: 'L’Usine Digitale', xmlUrl: 'https://www.usine-digitale.fr/rss', htmlUrl: 'https://www.usine-digitale.fr/', folders: ['Presse'] },
        { text: 'Solutions Numériques', xmlUrl: 'https://www.solutions-numeriques.com/feed/', htmlUrl: 'https://www.solutions-numeriques.com/', folders: ['Presse'] },
      ],
    },
  },
  {
    // By hand: escapes, xmlURL/xmlurl spellings, title only, no name, type="rss" + url, a link outline,
    // an empty folder, a DTD entity that must stay unexpanded, an astral character, white space folded.
    fixture: 'odd-shapes.opml',
    expected: {
      title: 'Exporté à la main',
      feeds: [
        { text: 'Ponts & Chaussées <b>', xmlUrl: 'https://example.fr/flux?cat=ponts&format=rss', folders: [] },
        { text: 'Titre seulement', xmlUrl: 'https://example.fr/titre.xml', folders: [] },
        { text: '', xmlUrl: 'https://example.fr/sans-nom.xml', folders: [] },
        { text: 'Ancien format', xmlUrl: 'https://example.fr/ancien.rss', folders: [] },
        { text: '&boom; 📰 l\'info', xmlUrl: 'https://example.fr/emoji.xml', folders: [] },
        { text: 'FTP', xmlUrl: 'ftp://example.fr/feed.xml', folders: [] },
      ],
      // Leaf outlines without a feed URL: listed, so that import-opml says it skipped them.
      outlinesWithoutFeedUrl: [
        { text: 'Lien, pas un flux', folders: [] },
        { text: 'Dossier vide', folders: [] },
      ],
    },
  },
  {
    // ISO-8859-1 bytes, declared in the XML prolog.
    fixture: 'latin1.opml',
    expected: { title: 'Flux français', feeds: [{ text: 'Échos du numérique', xmlUrl: 'https://echos.example/résumé.xml', folders: [] }] },
  },
];

describe('parseOpml', () => {
  it.each(documents)('reads $fixture', ({ fixture, expected }) => {
    expect(parseOpml(readOpmlFixture(fixture))).toEqual(expected);
  });

  it.each([
    { text: '<opml version="2.0"><body/></opml>', expected: { feeds: [] } },
    { text: '<OPML version="2.0"><HEAD><TITLE>X</TITLE></HEAD><BODY><OUTLINE TEXT="A" XMLURL="https://a.example/"/></BODY></OPML>', expected: { title: 'X', feeds: [{ text: 'A', xmlUrl: 'https://a.example/', folders: [] }] } },
    {
      // Outlines of the head are not feeds; a folder's name is its title when it has no text.
      text: '<opml><head><outline text="H" xmlUrl="https://h.example/"/></head><body><outline title="F"><outline text="A" xmlUrl="https://a.example/"/></outline></body></opml>',
      expected: { feeds: [{ text: 'A', xmlUrl: 'https://a.example/', folders: ['F'] }] },
    },
  ])('reads minimal documents: $text', ({ text, expected }) => {
    expect(parseOpml(text)).toEqual(expected);
  });

  it.each([
    { fixture: 'not-opml.html', kind: 'not-opml', message: 'not an OPML document: the root element is <html>, expected <opml>' },
    { fixture: 'no-body.opml', kind: 'not-opml', message: 'not an OPML document: <opml> has no <body>' },
    { fixture: 'truncated.opml', kind: 'truncated', message: 'the OPML document is cut short: it ends before </opml>' },
  ])('rejects $fixture ($kind)', ({ fixture, kind, message }) => {
    const error = catchError(() => parseOpml(readOpmlFixture(fixture)));
    expect(error).toBeInstanceOf(OpmlError);
    expect(error).toMatchObject({ name: 'OpmlError', kind, message });
  });

  it('rejects a text with no element at all', () => {
    expect(catchError(() => parseOpml('just text'))).toMatchObject({ name: 'OpmlError', kind: 'not-opml', message: 'not an OPML document: no element found' });
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
