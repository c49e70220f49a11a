import { replaceOutsideCdata } from './replace-outside-cdata.js';

/**
 * `AT&T`, `?a=1&b=2` escaped to `&amp;` outside CDATA sections: the most common reason real feeds
 * are not well-formed. References (`&amp;`, `&#233;`, `&eacute;`, `&anything;`) are left alone.
 */
export function escapeBareAmpersands(xml: string): string {
  // An `&` that does not start a character or entity reference.
  return replaceOutsideCdata(xml, /&(?!#\d{1,7};|#x[\da-f]{1,6};|[a-z][\w.-]{0,31};)/gi, () => '&amp;');
}
