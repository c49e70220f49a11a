/**
 * Word shapes: what the story matcher reads of a word that depends on its spelling only (its stem,
 * prefix, known names, figure, case shapes), kept per spelling, since news vocabulary repeats. An
 * analysis finds a word's shape by the word's UTF-16 units in its text, through an open-addressing
 * table over a hash of them: no substring is made and hashed per word.
 */
import { foldWord } from '../match/fold.js';
import { numberWord } from './figures.js';
import { isCommonAcronym, isStopWord, type Stemmer } from './french-words.js';
import { knownNamesStartingWith, type KnownName } from './gazetteer.js';
import { createTermTable, pruneTermTable, termRef, type TermRef, type TermTable } from './term-table.js';

/** The prefix term of a word is `~` and the first letters of its stem, this many (`~tarif`). */
export const PREFIX_LENGTH = 5;

const CAPITAL = /^\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}/u;
const DIGIT = /\d/u;
const LETTER = /\p{L}/u;
const DIGITS = /^\d+$/u;

/** The stem's and prefix's terms of a word (made once per shape). */
export function termsOf(shape: WordShape, table: TermTable): TermRef {
  const stemTerm = termRef(table, shape.stem);
  shape.stemTerm = stemTerm;
  shape.prefixTerm = termRef(table, shape.prefix);
  return stemTerm;
}

/** The term of a known name (`@irland`), by its canonical key. */
export function knownTerm(shapes: WordShapes, key: string): TermRef {
  let term = shapes.knownTerms.get(key);
  if (term === undefined) {
    term = termRef(shapes.terms, `@${key}`);
    shapes.knownTerms.set(key, term);
  }
  return term;
}

/** What the matcher reads of a word that depends on its spelling only (kept per spelling: news vocabulary repeats). */
export interface WordShape {
  /** The spelling. */
  readonly raw: string;
  readonly stem: string;
  /** `~` and the stem's first letters. */
  readonly prefix: string;
  /** The known names whose first word has this stem, longest first. */
  readonly knownNames: readonly KnownName[];
  /** The figure a number word stands for (`deux` → `2`). */
  readonly figure: string | undefined;
  readonly stopWord: boolean;
  /** Not a term: a stop word, one letter, or digits only. */
  readonly skipped: boolean;
  /** Digits only, as written. */
  readonly digits: boolean;
  /** Has a digit (`0` to `9`): a text none of whose words has one has no figure (`figuresOf`). */
  readonly hasDigit: boolean;
  /** The terms of the stem and prefix, once a word of this spelling was a term (see `termsOf`). */
  stemTerm: TermRef | undefined;
  prefixTerm: TermRef | undefined;
  /** Capitalised and not a common acronym (`Orange`; not `IA`). */
  readonly capital: boolean;
  /** Letters and digits, not a common acronym (`S3NS`): a name even in an all-caps headline. */
  readonly nameShapeAnyCase: boolean;
  /** Mixed case or all capitals, not a common acronym (`NumSpot`, `IBM`): a name outside an all-caps headline. */
  readonly nameShapeByCase: boolean;
}

/**
 * The word shapes an analysis reads, by spelling; cleared past `maxSize`. One per index (like its
 * stemmer): not shared between indexes. Looked up by the characters of the word in its text (an
 * open-addressing table over a hash of its UTF-16 units): no substring made and hashed per word.
 */
export interface WordShapes {
  /** The shapes, in the order made. */
  readonly list: WordShape[];
  /** `[hash, start, length]` of each shape's spelling by its place in `list`: its `spellingHash`, and where its UTF-16 units are in `spellings`. */
  places: Int32Array;
  /** The shapes' spellings, one after the other. */
  spellings: Uint16Array;
  spellingsEnd: number;
  /**
   * Slots of the table (linear probing), `SLOT` numbers each: a shape's place in `list` plus one (0
   * for an empty slot), then its spelling's `[hash, start, length]` again: a lookup reads one memory
   * line of the table, not a slot and then the shape's place.
   */
  slots: Int32Array;
  readonly maxSize: number;
  /** The terms the shapes lead to (the index keeps its window ids on them). */
  readonly terms: TermTable;
  /** Known name's canonical key → its term (`@irland`). */
  readonly knownTerms: Map<string, TermRef>;
}

const SHAPE_SLOTS_START = 1024;
/** Numbers per slot of `WordShapes.slots`. */
const SLOT = 4;

export function createWordShapes(maxSize = 50_000): WordShapes {
  return {
    list: [],
    places: new Int32Array((3 * SHAPE_SLOTS_START) / 2),
    spellings: new Uint16Array(4 * SHAPE_SLOTS_START),
    spellingsEnd: 0,
    slots: new Int32Array(SLOT * SHAPE_SLOTS_START),
    maxSize,
    terms: createTermTable(),
    knownTerms: new Map(),
  };
}

/** Forgets the shapes, and the terms no window entry has (the index's window keeps its own). */
export function clearWordShapes(shapes: WordShapes): void {
  shapes.list.length = 0;
  shapes.spellingsEnd = 0;
  shapes.slots.fill(0);
  shapes.knownTerms.clear();
  pruneTermTable(shapes.terms);
}

/** FNV-1a over the UTF-16 units from `start` to `end`, mixed. */
function spellingHash(codes: Uint16Array, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let index = start; index < end; index += 1) hash = Math.imul(hash ^ (codes[index] as number), 0x01000193);
  return hash ^ (hash >>> 15);
}

/**
 * The shape of the word at `start`..`end` of `text` (whose units are `codes`), made the first time
 * its spelling is met.
 */
export function shapeAt(codes: Uint16Array, text: string, start: number, end: number, stemmer: Stemmer, shapes: WordShapes): WordShape {
  const hash = spellingHash(codes, start, end);
  const { slots, spellings } = shapes;
  const mask = slots.length / SLOT - 1;
  const length = end - start;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const at = SLOT * slot;
    const place = slots[at] as number;
    if (place === 0) break;
    if (slots[at + 1] !== hash || slots[at + 3] !== length) continue;
    const from = slots[at + 2] as number;
    let same = true;
    for (let offset = 0; offset < length; offset += 1) {
      if (spellings[from + offset] !== codes[start + offset]) {
        same = false;
        break;
      }
    }
    if (same) return shapes.list[place - 1] as WordShape;
  }
  const shape = makeShape(text.slice(start, end), stemmer);
  addShape(shapes, shape, hash, codes, start, end);
  return shape;
}

function addShape(shapes: WordShapes, shape: WordShape, hash: number, codes: Uint16Array, start: number, end: number): void {
  const place = shapes.list.length;
  shapes.list.push(shape);
  if (3 * place + 3 > shapes.places.length) {
    const grown = new Int32Array(2 * shapes.places.length);
    grown.set(shapes.places);
    shapes.places = grown;
  }
  const length = end - start;
  if (shapes.spellingsEnd + length > shapes.spellings.length) {
    const grown = new Uint16Array(2 * shapes.spellings.length + length);
    grown.set(shapes.spellings.subarray(0, shapes.spellingsEnd));
    shapes.spellings = grown;
  }
  shapes.spellings.set(codes.subarray(start, end), shapes.spellingsEnd);
  shapes.places[3 * place] = hash;
  shapes.places[3 * place + 1] = shapes.spellingsEnd;
  shapes.places[3 * place + 2] = length;
  shapes.spellingsEnd += length;
  // At most half full: twice the slots, every shape placed again.
  if (2 * SLOT * shapes.list.length > shapes.slots.length) {
    shapes.slots = new Int32Array(2 * shapes.slots.length);
    for (let index = 0; index < shapes.list.length; index += 1) placeShape(shapes.slots, shapes.places, index);
  } else placeShape(shapes.slots, shapes.places, place);
}

/** Puts the shape at `place` in `list` (its spelling's `[hash, start, length]` in `places`) in a free slot. */
function placeShape(slots: Int32Array, places: Int32Array, place: number): void {
  const mask = slots.length / SLOT - 1;
  const hash = places[3 * place] as number;
  let slot = hash & mask;
  while (slots[SLOT * slot] !== 0) slot = (slot + 1) & mask;
  slots[SLOT * slot] = place + 1;
  slots[SLOT * slot + 1] = hash;
  slots[SLOT * slot + 2] = places[3 * place + 1] as number;
  slots[SLOT * slot + 3] = places[3 * place + 2] as number;
}

function makeShape(raw: string, stemmer: Stemmer): WordShape {
  // The case- and accent-folded word (`tokenize`'s `folded`).
  const folded = foldWord(raw);
  const stem = stemmer.stem(raw);
  const common = isCommonAcronym(folded);
  const stopWord = isStopWord(folded);
  const tail = raw.slice(1);
  const mixed = LOWER.test(tail) && UPPER.test(tail);
  const acronym = raw.length >= 2 && !LOWER.test(raw) && LETTER.test(raw);
  const hasDigit = DIGIT.test(raw);
  const lettersAndDigits = LETTER.test(raw) && hasDigit;
  return {
    raw,
    stem,
    prefix: `~${stem.slice(0, PREFIX_LENGTH)}`,
    knownNames: knownNamesStartingWith(stem),
    figure: numberWord(folded),
    stopWord,
    skipped: stopWord || folded.length < 2 || DIGITS.test(folded),
    digits: DIGITS.test(raw),
    hasDigit,
    capital: CAPITAL.test(raw) && !common,
    nameShapeAnyCase: !common && lettersAndDigits,
    nameShapeByCase: !common && (mixed || acronym),
    stemTerm: undefined,
    prefixTerm: undefined,
  };
}
