const CHARSET_PARAMETER = /;\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;]+))/i;

/** The `charset` parameter of a Content-Type header value (`text/xml; charset="ISO-8859-1"`). */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const match = CHARSET_PARAMETER.exec(contentType);
  const label = (match?.[1] ?? match?.[2] ?? match?.[3])?.trim();
  return label === undefined || label === '' ? undefined : label;
}
