/**
 * `text.replace(pattern, replacer)` applied only outside CDATA sections, whose text is literal
 * and must stay as written (`pattern` must be global; pass a fresh literal, regexes keep state).
 */
export function replaceOutsideCdata(text: string, pattern: RegExp, replacer: (match: string, ...groups: string[]) => string): string {
  let result = '';
  let last = 0;
  for (const section of text.matchAll(/<!\[CDATA\[[\s\S]*?\]\]>/g)) {
    result += text.slice(last, section.index).replace(pattern, replacer) + section[0];
    last = section.index + section[0].length;
  }
  return result + text.slice(last).replace(pattern, replacer);
}
