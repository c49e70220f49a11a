import { createRandom, type Random } from './prng.js';
import {
  ACTIONS,
  AUTHORS,
  CATEGORIES,
  COMPANIES,
  INSTITUTIONS,
  NEAR_MISS_HEADLINES,
  OPENERS,
  PLACES,
  PRODUCTS,
  SENTENCES,
  TOPICS,
  WATCH_HEADLINES,
} from './french-vocabulary.js';

/** One synthetic news article, as a feed would carry it (HTML in description and content). */
export interface Article {
  readonly title: string;
  /** Short HTML teaser (RSS description / Atom summary). */
  readonly descriptionHtml: string;
  /** Full HTML body (content:encoded / Atom content). */
  readonly contentHtml: string;
  /** The teaser as plain text: what veille's matcher sees as `summary`. */
  readonly summaryText: string;
  readonly categories: readonly string[];
  readonly author: string;
  /** Whether the headline is one the default watch targets (or a near-miss of it). */
  readonly kind: 'watch' | 'near-miss' | 'plain';
}

/** Share of articles whose headline the default watch should match, and of its near-misses. */
export const WATCH_SHARE = 0.02;
export const NEAR_MISS_SHARE = 0.02;

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function fill(template: string, random: Random): string {
  return template
    .replace('{company}', random.pick(COMPANIES))
    .replace('{place}', random.pick(PLACES))
    .replace('{product}', random.pick(PRODUCTS))
    .replace('{action}', random.pick(ACTIONS))
    .replace('{n}', String(2 + random.int(898)));
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** Details that real headlines carry (amounts, dates, places): they keep headlines distinct. */
const DETAILS: readonly ((random: Random) => string)[] = [
  (random) => ` pour ${2 + random.int(998)} millions d’euros`,
  (random) => ` dès ${random.pick(MONTHS)} ${2026 + random.int(3)}`,
  (random) => ` : ${2 + random.int(97)} % de clients en plus`,
  (random) => ` à ${random.pick(PLACES)}`,
  (random) => ` (${2 + random.int(498)} emplois à la clé)`,
];

function plainHeadline(random: Random): string {
  const base = plainHeadlineBase(random);
  return random.chance(0.85) ? `${base}${random.pick(DETAILS)(random)}` : base;
}

function plainHeadlineBase(random: Random): string {
  const company = random.pick(COMPANIES);
  switch (random.int(6)) {
    case 0:
      return `${company} ${random.pick(ACTIONS)} ${random.pick(PRODUCTS)}`;
    case 1:
      return `${random.pick(TOPICS)} : ${company} ${random.pick(ACTIONS)} ${random.pick(PRODUCTS)}`;
    case 2:
      return `${capitalize(random.pick(INSTITUTIONS))} épingle ${company} pour ${random.pick(['manquements au RGPD', 'défaut de sécurité', 'pratiques anticoncurrentielles', 'retards de livraison'])}`;
    case 3:
      return `À ${random.pick(PLACES)}, ${company} ${random.pick(ACTIONS)} ${random.pick(PRODUCTS)}`;
    case 4:
      return `${company} : ${2 + random.int(898)} postes menacés par ${random.pick(PRODUCTS).replace(/^une? /, 'le projet d’')}`;
    default:
      return `« ${capitalize(random.pick(SENTENCES))} », affirme le PDG de ${company}`;
  }
}

function sentence(random: Random): string {
  const opener = random.pick(OPENERS);
  const middle = opener.endsWith(' à') ? ` ${random.pick(PLACES)},` : '';
  return `${opener}${middle} ${random.pick(SENTENCES)}.`;
}

function paragraphHtml(random: Random, sentences: number): string {
  const parts: string[] = [];
  for (let i = 0; i < sentences; i += 1) {
    let text = sentence(random);
    if (random.chance(0.3)) text = text.replace(/ (\S+) (\S+)\./, ' <strong>$1 $2</strong>.');
    if (random.chance(0.2)) {
      const company = random.pick(COMPANIES);
      text += ` <a href="https://www.exemple-actu.fr/entreprise/${encodeURIComponent(company.toLowerCase())}?utm_source=rss&amp;utm_medium=flux">${company}</a>&nbsp;: ${random.pick(SENTENCES)}.`;
    }
    parts.push(text);
  }
  return `<p>${parts.join(' ')}</p>`;
}

/** A headline of the given kind; the same seed always gives the same text. */
export function createHeadline(seed: number, kind: Article['kind']): string {
  const random = createRandom(seed);
  if (kind === 'watch') return fill(random.pick(WATCH_HEADLINES), random);
  if (kind === 'near-miss') return fill(random.pick(NEAR_MISS_HEADLINES), random);
  return plainHeadline(random);
}

/** Plain-text version of the teaser (tags dropped, the two entities used here decoded). */
function plainText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A deterministic article: the same `seed` always gives the same text. */
export function createArticle(seed: number): Article {
  const random = createRandom(seed);
  const roll = random.next();
  const kind = roll < WATCH_SHARE ? 'watch' : roll < WATCH_SHARE + NEAR_MISS_SHARE ? 'near-miss' : 'plain';
  const title = kind === 'plain' ? plainHeadline(random) : fill(random.pick(kind === 'watch' ? WATCH_HEADLINES : NEAR_MISS_HEADLINES), random);
  const lead = kind === 'plain' ? sentence(random) : `${title}. ${sentence(random)}`;
  const descriptionHtml = `<p>${lead} ${sentence(random)}</p>${random.chance(0.5) ? `<p><em>${sentence(random)}</em></p>` : ''}`;
  const body: string[] = [];
  const paragraphs = 4 + random.int(2);
  for (let i = 0; i < paragraphs; i += 1) {
    body.push(paragraphHtml(random, 2 + random.int(2)));
    if (i === 1 && random.chance(0.4)) {
      body.push(`<ul><li>${random.pick(SENTENCES)}</li><li>${random.pick(SENTENCES)}</li></ul>`);
    }
    if (i === 2 && random.chance(0.3)) {
      body.push(`<blockquote>« ${capitalize(random.pick(SENTENCES))} »</blockquote>`);
    }
  }
  const categories = [...new Set([random.pick(CATEGORIES), random.pick(CATEGORIES), random.pick(TOPICS)])];
  return {
    title,
    descriptionHtml,
    contentHtml: body.join('\n'),
    summaryText: plainText(descriptionHtml),
    categories,
    author: random.pick(AUTHORS),
    kind,
  };
}

/** A pool of `size` articles (seeds `base`, `base + 1`, ...), built once and shared by index. */
export function createArticlePool(size: number, base = 1): readonly Article[] {
  return Array.from({ length: size }, (_, index) => createArticle(base + index));
}
