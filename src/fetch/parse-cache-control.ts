/**
 * `Cache-Control: max-age` of a response in ms (pure): how long the server says its answer stays
 * fresh. Undefined when absent or unreadable; 0 for `no-cache`, `no-store` or `max-age=0` (they ask
 * for no delay). `s-maxage` is for shared caches and is not read.
 */
export function parseCacheControlMaxAge(header: string | readonly string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const directives = (typeof header === 'string' ? header : header.join(','))
    .split(',')
    .map((directive) => directive.trim().toLowerCase())
    .filter((directive) => directive !== '');
  if (directives.some((directive) => directive === 'no-cache' || directive === 'no-store')) return 0;
  for (const directive of directives) {
    const match = /^max-age\s*=\s*"?(\d{1,10})"?$/.exec(directive);
    if (match !== null) return Number(match[1]) * 1000;
  }
  return undefined;
}
