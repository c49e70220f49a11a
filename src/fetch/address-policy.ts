import type { LookupAddress } from 'node:dns';
import { isPrivateAddress } from './is-private-address.js';

export type AddressClass = 'public' | 'private';
export type ClassifyAddressFn = (ip: string) => AddressClass;

export const defaultClassifyAddress: ClassifyAddressFn = (ip) => (isPrivateAddress(ip) ? 'private' : 'public');

export type AddressCheck =
  | { readonly ok: true; readonly scope: AddressClass }
  | { readonly ok: false; readonly blocked: string };

/**
 * May a hop connect to these addresses? The configured URL's addresses (`sourceScope` undefined)
 * decide where the source may go: a source configured on a private address (intranet feed) is
 * trusted everywhere; a public one must stay on public addresses on every later hop. Each address
 * is classified at most once, and not at all once the source is known to be private.
 */
export function checkAddresses(
  addresses: readonly LookupAddress[],
  sourceScope: AddressClass | undefined,
  classify: ClassifyAddressFn,
): AddressCheck {
  if (sourceScope === 'private') return PRIVATE;
  for (const { address } of addresses) {
    if (classify(address) === 'private') return sourceScope === undefined ? PRIVATE : { ok: false, blocked: address };
  }
  return PUBLIC;
}

const PRIVATE: AddressCheck = Object.freeze({ ok: true, scope: 'private' });
const PUBLIC: AddressCheck = Object.freeze({ ok: true, scope: 'public' });
