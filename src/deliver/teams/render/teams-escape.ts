/**
 * Adaptive Card TextBlocks and FactSet values render a Markdown subset (bold, italic, lists,
 * links). Feed text must stay text: every ASCII punctuation mark Markdown could read is escaped
 * with a backslash (CommonMark), so `**x**`, `[x](http://evil)`, `- item`, `1. item` and
 * `<at>name</at>` (a Teams mention tag) show as written. Newlines and runs of spaces become one
 * space (a line can then never start a list or a heading).
 */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!<>|~&]/g;

export function escapeTeamsText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(MARKDOWN_PUNCTUATION, (char) => `\\${char}`);
}

/** A URL for a Markdown link target: parentheses and spaces percent-encoded so it cannot end early. */
export function teamsLinkTarget(url: string): string {
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
}
