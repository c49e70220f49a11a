/**
 * Why fetching or reading a feed failed. Every error raised between fetch and normalize carries one,
 * so the cycle can store it per source and the `sources` command can show it.
 */
export type FeedFailureKind =
  | 'timeout' // connect or total timeout, slow-drip bodies
  | 'connect' // DNS failure, refused, reset, TLS
  | 'http-status' // any non-2xx/304 final status
  | 'too-large' // body over the cap, counted after decompression
  | 'redirect' // too many redirects, loop, bad Location
  | 'blocked-address' // a public source redirected to a private/loopback/link-local address
  | 'not-a-feed' // HTML page, empty body, JSON, unknown root element
  | 'malformed-xml' // the XML parser rejected the document
  | 'encoding' // undecodable bytes: corrupt/unsupported Content-Encoding, or no charset fits
  | 'internal'; // a bug in veille while handling this source (logged with its stack)
