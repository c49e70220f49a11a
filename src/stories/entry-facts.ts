/**
 * What the story index reads of a window entry to tell whether it conflicts with a new item
 * (`conflictOf`: names, figures, a name against a figure), as the window ids of its terms in one
 * run of 32-bit slots (a slab beside the entries' term runs): a candidate's check reads one short
 * run of integers, instead of its entry, its names and their terms spread over the heap (the
 * first read of each missed the caches: most of the cost of a check). Most candidates conflict
 * (about 7 in 8 on the bench's workload), so the index checks this before scoring them in full.
 *
 * A run: `[titleNames, nameSlots, figures, known, stems, evidence]`, then per title name `[flags,
 * keyId, stemCount, stemIds...]` (`nameSlots` in all), per figure `[figureId, inTitle]`, then the
 * ids of the known names' keys, of the stems and of the title evidence (`ItemAnalysis.known`,
 * `stems`, `titleEvidence`: the entry's sets are read here, see `sectionStart`). Every id is of a term the window keeps while the entry is
 * in it (its stems, known names and terms; a title name's key term the index keeps for the run),
 * so that an id stands for one term object of the table, and two terms are
 * the same iff their ids are.
 */
import type { FreshAnalysis, NameMention } from './analyze-item.js';
import type { TermRef } from './term-table.js';

/** Flags of a title name: strong (`NameMention.strong`). */
const STRONG = 1;
/** `unmatchedFigureKinds`'s bits: a figure the other item lacks, one of them in a headline. */
const ANY = 1;
const IN_TITLE = 2;
const HEADER = 6;

/** The sets a run holds, in this order after its names and figures. */
export const KNOWN_SECTION = 0;
export const STEMS_SECTION = 1;
export const EVIDENCE_SECTION = 2;
export type Section = typeof KNOWN_SECTION | typeof STEMS_SECTION | typeof EVIDENCE_SECTION;

/** Where the ids of a set of the run at `start` begin. */
export function sectionStart(slots: Int32Array, start: number, section: Section): number {
  let at = start + HEADER + (slots[start + 1] as number) + 2 * (slots[start + 2] as number);
  if (section >= STEMS_SECTION) at += slots[start + 3] as number;
  if (section >= EVIDENCE_SECTION) at += slots[start + 4] as number;
  return at;
}

/** How many ids a set of the run at `start` has. */
export function sectionLength(slots: Int32Array, start: number, section: Section): number {
  return slots[start + 3 + section] as number;
}

/** The slots of `analysis`'s run. */
export function factsLength(analysis: FreshAnalysis): number {
  let length = HEADER + 2 * analysis.figures.length + analysis.knownTerms.length + analysis.stemTerms.length + analysis.evidenceTerms.length;
  for (const name of analysis.names) if (name.inTitle) length += 3 + name.stemTerms.length;
  return length;
}

/**
 * Writes `analysis`'s run at `start` of `slots`. Its terms have their window ids (the entry was
 * added, its sets and its title names' key terms kept).
 */
export function writeFacts(slots: Int32Array, start: number, analysis: FreshAnalysis): void {
  const { names, figures, figureTerms, knownTerms, stemTerms, evidenceTerms } = analysis;
  let titleNames = 0;
  let at = start + HEADER;
  for (let index = 0; index < names.length; index += 1) {
    const name = names[index] as NameMention;
    if (!name.inTitle) continue;
    titleNames += 1;
    slots[at] = name.strong ? STRONG : 0;
    slots[at + 1] = name.keyTerm === undefined ? -1 : name.keyTerm.id;
    slots[at + 2] = name.stemTerms.length;
    at += 3;
    for (let part = 0; part < name.stemTerms.length; part += 1) slots[at + part] = (name.stemTerms[part] as TermRef).id;
    at += name.stemTerms.length;
  }
  const nameSlots = at - start - HEADER;
  for (let index = 0; index < figures.length; index += 1) {
    slots[at] = (figureTerms[index] as TermRef).id;
    slots[at + 1] = (figures[index] as { readonly inTitle: boolean }).inTitle ? 1 : 0;
    at += 2;
  }
  for (let index = 0; index < knownTerms.length; index += 1) slots[at + index] = (knownTerms[index] as TermRef).id;
  at += knownTerms.length;
  for (let index = 0; index < stemTerms.length; index += 1) slots[at + index] = (stemTerms[index] as TermRef).id;
  at += stemTerms.length;
  for (let index = 0; index < evidenceTerms.length; index += 1) slots[at + index] = (evidenceTerms[index] as TermRef).id;
  slots[start] = titleNames;
  slots[start + 1] = nameSlots;
  slots[start + 2] = figures.length;
  slots[start + 3] = knownTerms.length;
  slots[start + 4] = stemTerms.length;
  slots[start + 5] = evidenceTerms.length;
}

/** The ids of the title names' key terms of the run at `start` (what the index releases when the entry leaves). */
export function forEachTitleKey(slots: Int32Array, start: number, visit: (id: number) => void): void {
  let at = start + HEADER;
  for (let name = 0; name < (slots[start] as number); name += 1) {
    const key = slots[at + 1] as number;
    if (key >= 0) visit(key);
    at += 3 + (slots[at + 2] as number);
  }
}

/** `unmentionedNames`'s bits: a title name the other side never mentions, a strong one among them. */
const UNMENTIONED = 1;
const STRONG_UNMENTIONED = 2;

/**
 * Which of the `count` title names of `run` from `at` (`[flags, keyId, stemCount, stemIds...]`
 * each; an id -1 for a term the window lacks) the other side never mentions: a name is mentioned
 * when the other side has its known name's key or all its stems (marks equal to `stamp`).
 */
function unmentionedNames(run: ArrayLike<number>, at: number, count: number, known: Int32Array, stems: Int32Array, stamp: number): number {
  let found = 0;
  for (let name = 0; name < count; name += 1) {
    const key = run[at + 1] as number;
    const stemCount = run[at + 2] as number;
    let mentioned = key >= 0 && known[key] === stamp;
    if (!mentioned) {
      mentioned = true;
      for (let part = 0; part < stemCount; part += 1) {
        const id = run[at + 3 + part] as number;
        if (id < 0 || stems[id] !== stamp) {
          mentioned = false;
          break;
        }
      }
    }
    if (!mentioned) found |= ((run[at] as number) & STRONG) !== 0 ? UNMENTIONED | STRONG_UNMENTIONED : UNMENTIONED;
    at += 3 + stemCount;
  }
  return found;
}

/**
 * The new item's side of the checks, made once per match (`prepare`), and the check of a
 * candidate's run (`conflicts`): `conflictOf(candidate, item) !== undefined`, the same answer.
 * Sets are read as marks by window id (typed arrays, valid where they hold the current stamp).
 */
export class ConflictChecker {
  /** By window id: the item's stems, known names' keys and figures (`itemStamp`). */
  private itemStems = new Int32Array(0);
  private itemKnown = new Int32Array(0);
  private itemFigures = new Int32Array(0);
  /** By window id: the candidate's stems, known names' keys and figures (`entryStamp`). */
  private entryStems = new Int32Array(0);
  private entryKnown = new Int32Array(0);
  private entryFigures = new Int32Array(0);
  private itemStamp = 0;
  private entryStamp = 0;
  /** The item's title names as a run (`[flags, keyId, stemCount, stemIds...]` each; an id -1 for a term the window lacks). */
  private itemNames: number[] = [];
  private itemNameCount = 0;
  /** The item's figures, `[figureId, inTitle]` each (-1: a figure the window lacks). */
  private itemFigureIds: number[] = [];

  /** The item's side, for the window's ids below `idCapacity`. */
  prepare(analysis: FreshAnalysis, idCapacity: number): void {
    if (this.itemStems.length < idCapacity) this.grow(idCapacity);
    this.itemStamp += 1;
    const stamp = this.itemStamp;
    const { names, figures, figureTerms, knownTerms, stemTerms } = analysis;
    for (let index = 0; index < stemTerms.length; index += 1) {
      const id = (stemTerms[index] as TermRef).id;
      if (id >= 0) this.itemStems[id] = stamp;
    }
    for (let index = 0; index < knownTerms.length; index += 1) {
      const id = (knownTerms[index] as TermRef).id;
      if (id >= 0) this.itemKnown[id] = stamp;
    }
    const figureIds = this.itemFigureIds;
    figureIds.length = 0;
    for (let index = 0; index < figures.length; index += 1) {
      const id = (figureTerms[index] as TermRef).id;
      if (id >= 0) this.itemFigures[id] = stamp;
      figureIds.push(id, (figures[index] as { readonly inTitle: boolean }).inTitle ? 1 : 0);
    }
    const run = this.itemNames;
    run.length = 0;
    this.itemNameCount = 0;
    for (let index = 0; index < names.length; index += 1) {
      const name = names[index] as NameMention;
      if (!name.inTitle) continue;
      this.itemNameCount += 1;
      run.push(name.strong ? STRONG : 0, name.keyTerm === undefined ? -1 : name.keyTerm.id, name.stemTerms.length);
      for (let part = 0; part < name.stemTerms.length; part += 1) run.push((name.stemTerms[part] as TermRef).id);
    }
  }

  /** Whether the candidate whose run is at `start` of `slots` conflicts with the prepared item (`conflictOf`, any reason). */
  conflicts(slots: Int32Array, start: number): boolean {
    const itemStamp = this.itemStamp;
    const entryStamp = (this.entryStamp += 1);
    const { itemStems, itemKnown, itemFigures, entryFigures } = this;
    // The candidate's title names the item never mentions (`hasUnmatchedTitleName`, `strongTitleNames`
    // of the candidate).
    const candidateNames = unmentionedNames(slots, start + HEADER, slots[start] as number, itemKnown, itemStems, itemStamp);
    const unmatched = candidateNames !== 0;
    const strongUnmatched = (candidateNames & STRONG_UNMENTIONED) !== 0;
    let at = start + HEADER + (slots[start + 1] as number);
    // The figures each side has and the other lacks (`unmatchedFigureKinds`, both ways).
    let candidateKinds = 0;
    for (let figure = 0; figure < (slots[start + 2] as number); figure += 1) {
      const id = slots[at] as number;
      entryFigures[id] = entryStamp;
      if (itemFigures[id] !== itemStamp) candidateKinds |= slots[at + 1] === 1 ? ANY | IN_TITLE : ANY;
      at += 2;
    }
    let itemKinds = 0;
    const figureIds = this.itemFigureIds;
    for (let index = 0; index < figureIds.length; index += 2) {
      const id = figureIds[index] as number;
      if (id >= 0 && entryFigures[id] === entryStamp) continue;
      itemKinds |= figureIds[index + 1] === 1 ? ANY | IN_TITLE : ANY;
    }
    const candidateInTitle = (candidateKinds & IN_TITLE) !== 0;
    const itemInTitle = (itemKinds & IN_TITLE) !== 0;
    if ((candidateKinds & ANY) !== 0 && (itemKinds & ANY) !== 0 && (candidateInTitle || itemInTitle)) return true;
    // The names conflict and the specifics conflict need the item's title names the candidate never mentions.
    const specifics = candidateInTitle || strongUnmatched;
    if (!unmatched && !specifics) return false;
    const { entryStems, entryKnown } = this;
    const known = slots[start + 3] as number;
    for (let index = 0; index < known; index += 1) entryKnown[slots[at + index] as number] = entryStamp;
    at += known;
    const stems = slots[start + 4] as number;
    for (let index = 0; index < stems; index += 1) entryStems[slots[at + index] as number] = entryStamp;
    const itemNames = unmentionedNames(this.itemNames, 0, this.itemNameCount, entryKnown, entryStems, entryStamp);
    const itemUnmatched = itemNames !== 0;
    const itemStrongUnmatched = (itemNames & STRONG_UNMENTIONED) !== 0;
    if (unmatched && itemUnmatched) return true;
    return specifics && (itemInTitle || itemStrongUnmatched);
  }

  private grow(idCapacity: number): void {
    let capacity = Math.max(1024, this.itemStems.length);
    while (capacity < idCapacity) capacity *= 2;
    // Fresh arrays hold no stamp (0): every stamp in use is 1 or more.
    this.itemStems = new Int32Array(capacity);
    this.itemKnown = new Int32Array(capacity);
    this.itemFigures = new Int32Array(capacity);
    this.entryStems = new Int32Array(capacity);
    this.entryKnown = new Int32Array(capacity);
    this.entryFigures = new Int32Array(capacity);
  }
}
