/**
 * The story matcher's terms (a stem `qualif`, a prefix `~quali`, a known name `@irland`, a figure
 * `#2026`), one object per spelling for an index: an analysis reaches its terms through the word
 * shapes (no folding, stemming or map lookup for a spelling seen before), and the index keeps a
 * term's window id on it (no map from names to ids).
 */
export interface TermRef {
  readonly name: string;
  /**
   * The table the term is the one object of its spelling in; undefined once pruned from it (a
   * term's stamps answer for that table's analyses only: see `StringSet.hasTerm`).
   */
  table: TermTable | undefined;
  /** The window's id of the term while an entry of the window has it, -1 otherwise (the index sets it). */
  id: number;
  /** The analysis that last met the term (`TermTable.stamp`), and the term's place in its lists. */
  seen: number;
  slot: number;
  /** The analysis that last met it as a word's stem (`TermTable.stamp`). */
  stemSeen: number;
  /** The analysis that last kept it as title evidence (`TermTable.stamp`). */
  evidenceSeen: number;
  /** The analysis that last met the known name it stands for (`@irland`; `TermTable.stamp`). */
  knownSeen: number;
}

export interface TermTable {
  readonly byName: Map<string, TermRef>;
  /** Counts the analyses made with the table. */
  stamp: number;
}

export function createTermTable(): TermTable {
  return { byName: new Map(), stamp: 0 };
}

/** The term spelt `name` (the same object every time, until `pruneTermTable`). */
export function termRef(table: TermTable, name: string): TermRef {
  const known = table.byName.get(name);
  if (known !== undefined) return known;
  const ref: TermRef = { name, table, id: -1, seen: 0, slot: 0, stemSeen: 0, evidenceSeen: 0, knownSeen: 0 };
  table.byName.set(name, ref);
  return ref;
}

/**
 * Forgets the terms no window entry has (`id` -1). The objects already handed out for them must be
 * dropped too (the word shapes are cleared with it): the next `termRef` of such a name makes a new one.
 */
export function pruneTermTable(table: TermTable): void {
  for (const [name, ref] of table.byName) {
    if (ref.id >= 0) continue;
    table.byName.delete(name);
    ref.table = undefined;
  }
}
