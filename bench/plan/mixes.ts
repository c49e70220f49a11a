import type { ChangeRequest, ValidatorProfile } from '../server/feed-catalog.js';

export const MIX_IDS = ['changed', 'not-modified', 'identical', 'realistic'] as const;
export type MixId = (typeof MIX_IDS)[number];

/** What the feed server does between the seeding cycle and the measured one. */
export interface Mix {
  readonly id: MixId;
  readonly label: string;
  /** Sources that send ETag + Last-Modified and answer conditional requests with 304. */
  readonly validators: ValidatorProfile;
  /** Sources that publish new items (none: every body stays byte-identical). */
  readonly change?: Omit<ChangeRequest, 'at'>;
}

/** New items a changed source publishes between two cycles (of the 50 it lists). */
export const NEW_ITEMS_PER_CHANGE = 5;

export const MIXES: Readonly<Record<MixId, Mix>> = {
  changed: {
    id: 'changed',
    label: 'all changed',
    validators: 'half',
    change: { every: 1, offset: 0, newItems: NEW_ITEMS_PER_CHANGE },
  },
  'not-modified': { id: 'not-modified', label: 'unchanged, validators (304)', validators: 'all' },
  identical: { id: 'identical', label: 'unchanged, no validators (same 200)', validators: 'none' },
  realistic: {
    id: 'realistic',
    label: 'realistic (1% changed, half validators)',
    validators: 'half',
    change: { every: 100, offset: 0, newItems: NEW_ITEMS_PER_CHANGE },
  },
};

/** Feed shape used everywhere: 50 items (~150 KB), a third gzipped, one in ten Atom. */
export function feedShape(sources: number) {
  return { sources, itemsPerFeed: 50, gzipEvery: 3, atomEvery: 10 } as const;
}

/**
 * Sources among 0..sources-1 that a change of round `round` touches when the parent publishes
 * `advance({ every, offset: round % every })` before it (see VeilleSteadyTask.changedByParent).
 */
export function changedSources(sources: number, every: number, round: number): number {
  let changed = 0;
  for (let index = 0; index < sources; index += 1) if ((index + (round % every)) % every === 0) changed += 1;
  return changed;
}
