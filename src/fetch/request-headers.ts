export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';

export const FEED_ACCEPT_ENCODING = 'gzip, deflate, br';

export interface ConditionalValidators {
  readonly etag?: string;
  readonly lastModified?: string;
}

/**
 * Headers of one hop, as name, value, name, value…: its Host, identification, content negotiation
 * and the stored validators. http.request sends an array in this order, as it is.
 */
export function buildRequestHeaders(validators: ConditionalValidators, userAgent: string, host: string): string[] {
  const headers = ['Host', host, 'User-Agent', userAgent, 'Accept', FEED_ACCEPT, 'Accept-Encoding', FEED_ACCEPT_ENCODING];
  if (validators.etag !== undefined && validators.etag !== '') headers.push('If-None-Match', validators.etag);
  if (validators.lastModified !== undefined && validators.lastModified !== '') {
    headers.push('If-Modified-Since', validators.lastModified);
  }
  return headers;
}
