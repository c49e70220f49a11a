/** Query parameters that only say where a click came from (analytics, newsletters, ads). */
const TRACKING_NAMES: ReadonlySet<string> = new Set([
  '_hsenc', '_hsmi', 'at_campaign', 'at_medium', 'dclid', 'fbclid', 'gbraid', 'gclid', 'igshid',
  'mc_cid', 'mc_eid', 'mkt_tok', 'msclkid', 'wbraid', 'wt_mc', 'wt_zmc', 'xtor', 'yclid',
]);

/** Prefixes of tracking families: Google Analytics `utm_*`, AT Internet `at_custom*`, comScore `ns_*`. */
const TRACKING_PREFIXES = /^(?:utm_|at_custom|ns_(?:campaign|mchannel|source|linkname|fee))/;

export function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_NAMES.has(lower) || TRACKING_PREFIXES.test(lower);
}
