import type { LookupAddress } from 'node:dns';
import { isPrivateAddress } from './is-private-address.js';

export type AddressClass = 'public' | 'private';
export type ClassifyAddressFn = (ip: string) => AddressClass;

export const defaultClassifyAddress: ClassifyAddressFn = (ip) => (isPrivateAddress(ip) ? 'private' : 'public');

/**
 * Where a source may go, decided by its configured URL: a source configured on a private address
 * (intranet feed) is trusted everywhere; a public one must stay on public addresses.
 */
export function scopeOfSource(firstHop: readonly LookupAddress[], classify: ClassifyAddressFn): AddressClass {
  return firstHop.some(({ address }) => classify(address) === 'private') ? 'private' : 'public';
}

/** The first address a source of this scope may not connect to, if any. */
export function findBlockedAddress(
  addresses: readonly LookupAddress[],
  scope: AddressClass,
  classify: ClassifyAddressFn,
): string | undefined {
  if (scope === 'private') return undefined;
  return addresses.find(({ address }) => classify(address) === 'private')?.address;
}
