import { Parser } from 'htmlparser2';
import { cleanText } from './clean-text.js';
import { SIMPLE_BREAKING_ELEMENTS as BREAKING_ELEMENTS, simpleHtmlText } from './simple-html-text.js';
import { truncateText } from './truncate-text.js';

/** Elements whose content is never text for a reader. */
const SKIPPED_ELEMENTS: ReadonlySet<string> = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe']);

/**
 * Plain text of an HTML fragment: tags stripped, script/style content skipped, entities decoded
 * (named, numeric, and `&#146;`-style windows-1252 references), white space folded. With
 * `maxLength`, the text is cut at a word boundary, and parsing stops once enough text was read.
 */
export function htmlToText(html: string, maxLength = Number.POSITIVE_INFINITY): string {
  // Raw characters to read before stopping: generous, since folding shrinks indented markup.
  const budget = maxLength === Number.POSITIVE_INFINITY ? maxLength : maxLength * 4 + 64;
  // Plain text and common tags are read without a parser (same text, see simple-html-text.ts).
  const raw = simpleHtmlText(html, budget) ?? parsedHtmlText(html, budget);
  return truncateText(cleanText(raw), maxLength);
}

/**
 * What htmlparser2 reads of `html`: its text sections joined, with ' ' for each start or end of an
 * element that separates words, script/style content skipped, entities decoded; it stops after
 * the section that brings the characters read past `budget`.
 */
export function parsedHtmlText(html: string, budget: number): string {
  const chunks: string[] = [];
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
  return chunks.join('');
}

/** Cheap path for short fields (titles, categories): only parse when markup or entities appear. */
export function inlineHtmlToText(value: string): string {
  return value.includes('<') || value.includes('&') ? htmlToText(value) : cleanText(value);
}
