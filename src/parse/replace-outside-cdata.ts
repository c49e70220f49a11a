const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';

/**
 * `text.replace(pattern, replacer)` applied only outside CDATA sections, whose text is literal
 * and must stay as written (`pattern` must be global; pass a fresh literal, regexes keep state).
 * An unterminated CDATA section is not one: the text after it is treated as outside.
 *
 * Linear in the length of the text: sections are found with indexOf, never with a lazy regex, which
 * would rescan the rest of the document for each unterminated `<![CDATA[` (quadratic: minutes of
 * blocked event loop for a hostile 10 MiB document).
 */
export function replaceOutsideCdata(text: string, pattern: RegExp, replacer: (match: string, ...groups: string[]) => string): string {
  let result = '';
  let last = 0;
  for (;;) {
    const start = text.indexOf(CDATA_OPEN, last);
    if (start === -1) break;
    const end = text.indexOf(CDATA_CLOSE, start + CDATA_OPEN.length);
    // No `]]>` after this one: no later section can be terminated either.
    if (end === -1) break;
    const after = end + CDATA_CLOSE.length;
    result += text.slice(last, start).replace(pattern, replacer) + text.slice(start, after);
    last = after;
  }
  return result + text.slice(last).replace(pattern, replacer);
}
