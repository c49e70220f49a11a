/** A document that stops inside its last end tag: `...</channel>\n</rss` */
const TRUNCATED_END_TAG = /<\/[A-Za-z_][\w:.-]*\s*$/;

/** Closes an end tag cut off at the very end of the document (its `>` is missing). */
export function completeTrailingEndTag(xml: string): string {
  return TRUNCATED_END_TAG.test(xml) ? `${xml.trimEnd()}>` : xml;
}
