import type { LookupAddress } from 'node:dns';
import { isPrivateAddress } from './is-private-address.js';

export type AddressClass = 'public' | 'private';
export type ClassifyAddressFn = (ip: string) => AddressClass;

/** Addresses already classified by the default classifier (a pure function of the address text). */
const classified = new Map<string, AddressClass>();
const MAX_CLASSIFIED = 4096;

/** isPrivateAddress, remembered per address: a cycle meets the same few addresses again and again. */
export const defaultClassifyAddress: ClassifyAddressFn = (ip) => {
  let found = classified.get(ip);
  if (found === undefined) {
    found = isPrivateAddress(ip) ? 'private' : 'public';
    if (classified.size >= MAX_CLASSIFIED) classified.clear();
    classified.set(ip, found);
  }
  return found;
};

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
