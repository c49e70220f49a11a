import { Parser } from 'htmlparser2';
import { cleanText } from './clean-text.js';
import { truncateText } from './truncate-text.js';

/** Elements whose content is never text for a reader. */
const SKIPPED_ELEMENTS: ReadonlySet<string> = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe']);

/** Elements that separate words: `a</p><p>b` is "a b", not "ab". */
const BREAKING_ELEMENTS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption',
  'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'img', 'li', 'main', 'nav',
  'ol', 'p', 'pre', 'section', 'table', 'td', 'th', 'tr', 'ul',
]);

/**
 * Plain text of an HTML fragment: tags stripped, script/style content skipped, entities decoded
 * (named, numeric, and `&#146;`-style windows-1252 references), white space folded. With
 * `maxLength`, the text is cut at a word boundary, and parsing stops once enough text was read.
 */
export function htmlToText(html: string, maxLength = Number.POSITIVE_INFINITY): string {
  const chunks: string[] = [];
  // Raw characters to read before stopping: generous, since folding shrinks indented markup.
  const budget = maxLength === Number.POSITIVE_INFINITY ? maxLength : maxLength * 4 + 64;
  let collected = 0;
  let skipDepth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED_ELEMENTS.has(name)) skipDepth += 1;
        else if (BREAKING_ELEMENTS.has(name)) chunks.push(' ');
      },
      onclosetag(name) {
        if (SKIPPED_ELEMENTS.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (BREAKING_ELEMENTS.has(name)) chunks.push(' ');
      },
      ontext(text) {
        if (skipDepth > 0) return;
        chunks.push(text);
        collected += text.length;
        if (collected > budget) parser.pause();
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  if (collected <= budget) parser.end();
  return truncateText(cleanText(chunks.join('')), maxLength);
}

/** Cheap path for short fields (titles, categories): only parse when markup or entities appear. */
export function inlineHtmlToText(value: string): string {
  return value.includes('<') || value.includes('&') ? htmlToText(value) : cleanText(value);
}
