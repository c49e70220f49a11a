import type { z } from 'zod';
import type { Destination } from './destination.js';
import type { DestinationApis, DestinationKind, KindCreateDeps, SettingsProblem } from './destination-kind.js';
import { DESTINATION_KINDS } from './kinds.js';

/** A destination whose settings passed its kind's check: what `createDestination` builds. */
export interface CheckedDestination {
  readonly name: string;
  /** The kind (`discord-webhook`, `matrix`...). */
  readonly type: string;
  /** The kind's checked options (only the kind reads them). */
  readonly options: unknown;
}

const TYPES = [...new Set(DESTINATION_KINDS.map((kind) => kind.type))];

/** The kind an entry is for, from its `type` (and, when a type has several kinds, its keys). */
function kindOf(entry: Readonly<Record<string, unknown>>, kinds: readonly DestinationKind[]): DestinationKind | undefined {
  return kinds.filter((kind) => kind.type === entry['type']).find((kind) => kind.claims(entry));
}

/**
 * Checks one `destinations:` entry (after `${VAR}` interpolation) with its kind's schema and
 * checks: the same functions the kind's client runs when created. Problems name the YAML key
 * relative to the entry.
 */
export function checkDestinationEntry(
  name: string,
  entry: unknown,
  apis: DestinationApis,
  kinds: readonly DestinationKind[] = DESTINATION_KINDS,
): { readonly destination: CheckedDestination } | { readonly problems: readonly SettingsProblem[] } {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    return { problems: [{ field: [], message: 'expected a map with a type' }] };
  }
  const kind = kindOf(entry as Record<string, unknown>, kinds);
  if (kind === undefined) {
    const types = [...new Set(kinds.map((k) => k.type))];
    return { problems: [{ field: ['type'], message: `expected type: ${types.slice(0, -1).join(', ')} or ${types.at(-1) ?? ''}` }] };
  }
  const parsed = kind.schema.safeParse(entry);
  if (!parsed.success) return { problems: parsed.error.issues.flatMap((issue) => problemsOf(issue, entry as Record<string, unknown>)) };
  const checked = kind.check(parsed.data, { name, apis });
  if ('problems' in checked) return checked;
  return { destination: { name, type: kind.kind, options: checked.options } };
}

/** Builds the client of a checked destination. */
export function createDestination(
  destination: CheckedDestination,
  deps: KindCreateDeps,
  kinds: readonly DestinationKind[] = DESTINATION_KINDS,
): Destination {
  const kind = kinds.find((k) => k.kind === destination.type);
  if (kind === undefined) throw new Error(`destination "${destination.name}": unknown kind ${destination.type}`);
  return kind.create(destination.options, deps);
}

/** The YAML types the registry knows (for messages and docs). */
export function destinationTypes(): readonly string[] {
  return TYPES;
}

function problemsOf(issue: z.core.$ZodIssue, entry: Readonly<Record<string, unknown>>): SettingsProblem[] {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: [...path, key], message: `unknown key '${key}'` }));
  const message = issue.message.replace(/^Invalid input: /, '');
  const missing = issue.code === 'invalid_type' && path.length === 1 && !(String(path[0]) in entry);
  return [{ field: path, message: missing && message.startsWith('expected ') ? `missing required key (${message.replace(/, received undefined$/, '')})` : message }];
}

/** Whether destinations of this kind (its id, e.g. `discord-webhook`) can receive digests. */
export function kindSendsDigests(kindId: string, kinds: readonly DestinationKind[] = DESTINATION_KINDS): boolean {
  return kinds.find((kind) => kind.kind === kindId)?.digests === true;
}
