/** Longest URL accepted in links (Discord's embed `url` limit; Slack links are kept to the same bound). */
export const MAX_LINK_LENGTH = 2048;

// RFC 3986 characters allowed in a path (plus `%` of existing escapes); query and fragment also allow `?`.
const PATH_CHARS = /[A-Za-z0-9\-._~!$&'()*+,;=:@/%]/;
const QUERY_CHARS = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/;

function encodeOutside(text: string, allowed: RegExp): string {
  let out = '';
  for (const char of text) {
    out += allowed.test(char) ? char : encodeURIComponent(char);
  }
  // A `%` that does not start an escape sequence is itself escaped.
  return out.replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
}

/**
 * `raw` as an absolute http(s) URL safe to put in a chat link, or `undefined` when it is not one
 * (`javascript:`, `data:`, relative, unparsable, longer than `maxLength`). Credentials are dropped
 * and every character outside RFC 3986 (`|`, `<`, `>`, `"`, spaces, backslashes, braces...) is
 * percent-encoded, so the result can neither close a Slack `<url|text>` link nor a Markdown one.
 */
export function safeHttpUrl(raw: string | undefined, maxLength: number = MAX_LINK_LENGTH): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.username = '';
  url.password = '';
  const path = encodeOutside(url.pathname, PATH_CHARS);
  const search = url.search === '' ? '' : `?${encodeOutside(url.search.slice(1), QUERY_CHARS)}`;
  const hash = url.hash === '' ? '' : `#${encodeOutside(url.hash.slice(1), QUERY_CHARS)}`;
  const href = `${url.origin}${path}${search}${hash}`;
  return href.length <= maxLength ? href : undefined;
}
