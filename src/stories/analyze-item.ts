import { isSpace } from '../match/char-class.js';
import { createSpanBuffer, tokenSpansOfCodesInto } from '../match/tokenize.js';
import { figuresOf } from './figures.js';
import type { Stemmer } from './french-words.js';
import { isKnownKey, type KnownKind, type KnownName } from './gazetteer.js';
import type { StoryItem } from './story-item.js';
import { stripOutletSuffix } from './strip-outlet.js';
import { termRef, type TermRef, type TermTable } from './term-table.js';
import { clearWordShapes, createWordShapes, knownTerm, shapeAt, termsOf, type WordShape, type WordShapes } from './word-shapes.js';

/** A name in an item: a known organisation or place, or a word the case marks as a name. */
export interface NameMention {
  /** As written (`Cloud Temple`). */
  readonly text: string;
  /** What two mentions compare: the canonical stems of a known name, else the stems joined. */
  readonly key: string;
  /**
   * The term of the known name `key` is the key of (`@irland`), from the analysing table; undefined
   * when `key` is no known name's key (no analysis knows it).
   */
  readonly keyTerm: TermRef | undefined;
  /** The terms of its words' stems (their names are the stems), from the analysing table. */
  readonly stemTerms: readonly TermRef[];
  readonly kind: NameKind;
  readonly inTitle: boolean;
  /**
   * Known, spelt like a name (`NumSpot`, `IBM`), or capitalised inside a sentence: not only the
   * capital that starts a headline (`Nouveau report…`), which may be an ordinary word.
   */
  readonly strong: boolean;
}

export interface FigureMention {
  readonly value: string;
  readonly inTitle: boolean;
}

/** A set of strings as the matcher reads it: looked up, and iterated (in no order that matters). */
export interface StringSet extends Iterable<string> {
  has(value: string): boolean;
  /**
   * `has(value)`, where `term` is the term of `value` in the table of the analysis that met it (a
   * stem or title evidence: the term spelt `value`; a known name's key: its `@key` term): the same
   * answer, read from the term (a stamp or an id) when the term is of the set's own table.
   */
  hasTerm(term: TermRef, value: string): boolean;
  /** Whether one of its values is in `other` too. */
  sharesWith(other: StringSet): boolean;
}

/** What the story matcher keeps of an item. */
export interface ItemAnalysis {
  /**
   * Term → its weight before IDF, title above summary, names and figures boosted. A term is a stem
   * (`qualif`), a stem prefix (`~quali`), a known name's canonical key (`@irland`, for `Irlande`,
   * `Dublin`, `irlandaise`) or a figure (`#2026`).
   */
  readonly terms: ReadonlyMap<string, number>;
  /** Every stem of the title and summary, stop words included (to find a name the other item wrote). */
  readonly stems: StringSet;
  /** Canonical keys of the known names mentioned anywhere, adjectives included (`irlandaise` → `irland`). */
  readonly known: StringSet;
  readonly names: readonly NameMention[];
  readonly figures: readonly FigureMention[];
  /**
   * The headline's terms that say what happened rather than who: words, figures, places, names
   * of things (`SecNumCloud`, `HarmonyOS`); not the known organisations. Two headlines that share
   * only organisations (`Bleu ouvre deux régions Azure` / `Bleu publie sa grille tarifaire, plus
   * chère qu'Azure`) tell two stories about the same players.
   */
  readonly titleEvidence: StringSet;
}

/**
 * An analysis just made: its stems, known names and title evidence are looked up through the term
 * table's stamps while no other analysis came since (see `FreshSet`), and also given as arrays in
 * the order met (what the window keeps); its terms are also given as the term objects of its word
 * shapes' table with their weights, in the order of `terms` (what the index reads: no map lookup
 * per term).
 */
export interface FreshAnalysis extends ItemAnalysis {
  readonly termRefs: readonly TermRef[];
  readonly termWeights: readonly number[];
  /** The stems' terms, in the order met (what `stems` iterates). */
  readonly stemTerms: readonly TermRef[];
  /** The known names' terms (`@irland`), in the order met (what `known` iterates, without the `@`). */
  readonly knownTerms: readonly TermRef[];
  /** The title evidence's terms, in the order met (what `titleEvidence` iterates). */
  readonly evidenceTerms: readonly TermRef[];
  /** The figures' terms (`#2026`), in the order of `figures`. */
  readonly figureTerms: readonly TermRef[];
}

/** What a `FreshSet` holds: which stamp of the term objects marks its values. */
const STEMS_SET = 0;
const EVIDENCE_SET = 1;
const KNOWN_SET = 2;

/**
 * Strings of an analysis just made, in the order met (no duplicates): looked up through the
 * stamps of their term objects (`TermRef.stemSeen`, `evidenceSeen` or `knownSeen`) while no other
 * analysis came since (no set to build), else in a set made then.
 */
class FreshSet implements StringSet {
  private set: Set<string> | undefined;

  constructor(
    /** The values' terms, in the order met (a known name's term is `@` and its key). */
    private readonly terms: readonly TermRef[],
    /** A value's term object (the table's `byName`, or the known terms by key). */
    private readonly lookup: ReadonlyMap<string, TermRef>,
    private readonly kind: typeof STEMS_SET | typeof EVIDENCE_SET | typeof KNOWN_SET,
    private readonly table: TermTable,
    private readonly stamp: number,
  ) {}

  has(value: string): boolean {
    if (this.table.stamp === this.stamp) {
      const term = this.lookup.get(value);
      if (term === undefined) return false;
      return this.stampOf(term) === this.stamp;
    }
    this.set ??= new Set(this);
    return this.set.has(value);
  }

  hasTerm(term: TermRef, value: string): boolean {
    // A term of this table (not pruned from it) is the one `lookup` gives for `value`.
    if (term.table === this.table && this.table.stamp === this.stamp) return this.stampOf(term) === this.stamp;
    return this.has(value);
  }

  sharesWith(other: StringSet): boolean {
    for (let index = 0; index < this.terms.length; index += 1) {
      const term = this.terms[index] as TermRef;
      if (other.hasTerm(term, this.kind === KNOWN_SET ? term.name.slice(1) : term.name)) return true;
    }
    return false;
  }

  private stampOf(term: TermRef): number {
    return this.kind === STEMS_SET ? term.stemSeen : this.kind === EVIDENCE_SET ? term.evidenceSeen : term.knownSeen;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const term of this.terms) yield this.kind === KNOWN_SET ? term.name.slice(1) : term.name;
  }
}

/** `FreshAnalysis` whose terms map is made only when read (the index reads `termRefs` and `termWeights`). */
class Analysis implements FreshAnalysis {
  private map: Map<string, number> | undefined;

  constructor(
    readonly termRefs: readonly TermRef[],
    readonly termWeights: readonly number[],
    readonly stemTerms: readonly TermRef[],
    readonly stems: StringSet,
    readonly knownTerms: readonly TermRef[],
    readonly known: StringSet,
    readonly names: readonly NameMention[],
    readonly figures: readonly FigureMention[],
    readonly evidenceTerms: readonly TermRef[],
    readonly titleEvidence: StringSet,
    readonly figureTerms: readonly TermRef[],
  ) {}

  get terms(): ReadonlyMap<string, number> {
    if (this.map === undefined) {
      const map = new Map<string, number>();
      for (let index = 0; index < this.termRefs.length; index += 1) map.set((this.termRefs[index] as TermRef).name, this.termWeights[index] as number);
      this.map = map;
    }
    return this.map;
  }
}

type NameKind = KnownKind | 'name';

export const TITLE_WEIGHT = 2;
export const SUMMARY_WEIGHT = 1;
export const NAME_BOOST = 1.5;
export const FIGURE_BOOST = 1.5;
/** Every word also adds its prefix term (`~tarif`: see `PREFIX_LENGTH`) at this share of its weight. */
export const PREFIX_WEIGHT = 0.5;

/**
 * `gapKind` bits: the characters between two words start a new sentence (or headline part: `Cloud
 * : Bleu publie`), as `/[.!?:;«»"“”—–|]|\s-\s/u` finds; they are only whitespace (`/^\s+$/u`).
 */
const GAP_BREAK = 1;
const GAP_SPACE = 2;

/**
 * The words of the field being analysed are two scratch arrays by word index (`wordsOf`): the
 * shape of its spelling (`WORDS`: its spelling `shape.raw`, its stem `shape.stem`) and what its
 * place says of it, these bits (`WORD_BITS`): no object per word to write, the bits read from a
 * typed array.
 */
/** Starts a sentence (or a headline part: `Cloud : Bleu publie`). */
const INITIAL = 1;
/** Capitalised (and the text not all capitals: in an all-caps headline the case tells nothing). */
const CAPITAL = 2;
/** Spelt like a name whatever its place: `NumSpot`, `OVHcloud`, `S3NS`, `PaaS`, `IBM`. */
const NAME_SHAPE = 4;
/** Only spaces separate it from the previous word. */
const JOINED = 8;
/** In a headline's leading label: `Cloud souverain` in `Cloud souverain : Bleu publie…`. */
const LABEL = 16;

export function analyzeItem(item: StoryItem, stemmer: Stemmer, shapes: WordShapes = createWordShapes()): FreshAnalysis {
  // Cleared between analyses only: the term objects met by one analysis stay one per spelling.
  if (shapes.list.length >= shapes.maxSize || shapes.terms.byName.size >= 2 * shapes.maxSize) clearWordShapes(shapes);
  const table = shapes.terms;
  table.stamp += 1;
  const terms: Terms = { refs: TERM_REFS, weights: TERM_WEIGHTS, count: 0, stamp: table.stamp };
  const stems = STEMS;
  let stemCount = 0;
  // The known names' keys and the title evidence, in the order first met (a term object's stamp
  // says whether met), in scratch arrays copied at their size at the end (no growing arrays).
  const knownTerms = KNOWN_TERMS;
  knownTerms.count = 0;
  const evidenceTerms = EVIDENCE_TERMS;
  evidenceTerms.count = 0;
  const stamp = table.stamp;
  const names: NameMention[] = [];
  const figures: FigureMention[] = [];
  for (let field = 0; field < 2; field += 1) {
    const inTitle = field === 0;
    const weight = inTitle ? TITLE_WEIGHT : SUMMARY_WEIGHT;
    let text = inTitle ? item.title : item.summary;
    let codes = codesOf(text);
    // The title's units read once for the outlet suffix's test and the analysis (again if a suffix goes).
    if (inTitle) {
      const stripped = stripOutletSuffix(text, item.source, codes);
      if (stripped !== text) {
        // The headline without its suffix is its first characters, trimmed: the units already
        // copied, unless white space before it moved it.
        const moved = isSpace(codes[0] as number);
        text = stripped;
        if (moved) codes = codesOf(text);
      }
    }
    const shouting = isShouting(text, codes);
    const count = wordsOf(text, codes, inTitle, shouting, stemmer, shapes);
    const words = WORDS;
    const bits = WORD_BITS;
    const inName = IN_NAME;
    for (let index = 0; index < count; index += 1) inName[index] = undefined;
    const fieldKnown = FIELD_KNOWN;
    fieldKnown.count = 0;
    findNames(words, bits, count, inTitle, shouting, fieldKnown, inName, shapes, names);
    // Where the first word with a digit starts (-1: none) and the last one ends, from the field's word offsets.
    let firstDigit = -1;
    let lastDigitEnd = -1;
    for (let index = 0; index < count; index += 1) {
      const shape = words[index] as WordShape;
      if (shape.hasDigit) {
        if (firstDigit < 0) firstDigit = SPANS.offsets[2 * index] as number;
        lastDigitEnd = SPANS.offsets[2 * index + 1] as number;
      }
      const stemTerm = shape.stemTerm ?? termsOf(shape, table);
      if (stemTerm.stemSeen !== stamp) {
        stemTerm.stemSeen = stamp;
        stems[stemCount] = stemTerm;
        stemCount += 1;
      }
      const figure = shape.figure;
      if (figure !== undefined) {
        figures.push({ value: figure, inTitle });
        continue;
      }
      if (shape.skipped) continue;
      const kind = inName[index];
      // A known name counts once, by its canonical key (below).
      if (kind === 'organisation' || kind === 'place') continue;
      if (kind === 'name') {
        setMax(terms, stemTerm, weight * NAME_BOOST);
        // Only the headline's evidence is kept.
        if (inTitle) addEvidence(evidenceTerms, stemTerm, stamp);
        continue;
      }
      setMax(terms, stemTerm, weight);
      // Two forms of one word the stemmer leaves apart (`tarifs`/`tarifaire`) still share a prefix.
      setMax(terms, shape.prefixTerm as TermRef, weight * PREFIX_WEIGHT);
      // A leading label's words are a rubric (`Cloud souverain : …`): what the item is about, not
      // what happened. They weigh in the score, not as evidence of a shared event.
      if (((bits[index] as number) & LABEL) !== 0 || !inTitle) continue;
      addEvidence(evidenceTerms, stemTerm, stamp);
      addEvidence(evidenceTerms, shape.prefixTerm as TermRef, stamp);
    }
    for (let known = 0; known < fieldKnown.count; known += 1) {
      const kind = fieldKnown.kinds[known] as KnownKind;
      const term = knownTerm(shapes, fieldKnown.keys[known] as string);
      if (term.knownSeen !== stamp) {
        term.knownSeen = stamp;
        addTerm(knownTerms, term);
      }
      setMax(terms, term, weight * NAME_BOOST);
      if (kind === 'place' && inTitle) addEvidence(evidenceTerms, term, stamp);
    }
    // Every digit of the text is in one of its words (digits are word characters, and the elisions
    // dropped have none): none before the first such word nor after the last.
    if (firstDigit >= 0) for (const value of figuresOf(text, firstDigit, lastDigitEnd)) figures.push({ value, inTitle });
  }
  // The figures' terms, made once for the evidence and the weights.
  const figureTerms = FIGURE_TERMS;
  for (let index = 0; index < figures.length; index += 1) figureTerms[index] = termRef(table, `#${(figures[index] as FigureMention).value}`);
  for (let index = 0; index < figures.length; index += 1) if ((figures[index] as FigureMention).inTitle) addEvidence(evidenceTerms, figureTerms[index] as TermRef, stamp);
  for (let index = 0; index < figures.length; index += 1) {
    setMax(terms, figureTerms[index] as TermRef, ((figures[index] as FigureMention).inTitle ? TITLE_WEIGHT : SUMMARY_WEIGHT) * FIGURE_BOOST);
  }
  // Arrays of their exact size out of the scratch ones (one allocation each, no growth).
  const stemTerms = stems.slice(0, stemCount);
  const keptKnown = knownTerms.refs.slice(0, knownTerms.count);
  const keptEvidence = evidenceTerms.refs.slice(0, evidenceTerms.count);
  return new Analysis(
    terms.refs.slice(0, terms.count),
    terms.weights.slice(0, terms.count),
    stemTerms,
    new FreshSet(stemTerms, table.byName, STEMS_SET, table, stamp),
    keptKnown,
    new FreshSet(keptKnown, shapes.knownTerms, KNOWN_SET, table, stamp),
    names,
    figures,
    keptEvidence,
    new FreshSet(keptEvidence, table.byName, EVIDENCE_SET, table, stamp),
    figureTerms.slice(0, figures.length),
  );
}

/** Adds the name of `term` to the title evidence, unless there already. */
function addEvidence(evidence: TermList, term: TermRef, stamp: number): void {
  if (term.evidenceSeen === stamp) return;
  term.evidenceSeen = stamp;
  addTerm(evidence, term);
}

/** A list of terms being made: the first `count` of `refs` (a scratch array kept from one analysis to the next). */
interface TermList {
  readonly refs: TermRef[];
  count: number;
}

function addTerm(list: TermList, term: TermRef): void {
  list.refs[list.count] = term;
  list.count += 1;
}

/** Scratch of `analyzeItem`: which kind of name each word of the field is in, if any (see `findNames`). */
const IN_NAME: (NameKind | undefined)[] = [];
/**
 * The known names of a field, by canonical key, with their kind, in the order first met, the kind
 * last set (a `Map`'s order and values): the first `count` of `keys` and `kinds`. Looked up by a
 * loop (a field names a handful); a `Map` cleared per field allocated its new table every time.
 */
interface FieldKnown {
  readonly keys: string[];
  readonly kinds: KnownKind[];
  count: number;
}

function setKnown(known: FieldKnown, key: string, kind: KnownKind): void {
  for (let index = 0; index < known.count; index += 1) {
    if (known.keys[index] === key) {
      known.kinds[index] = kind;
      return;
    }
  }
  known.keys[known.count] = key;
  known.kinds[known.count] = kind;
  known.count += 1;
}

/** Scratch of `analyzeItem`: the known names of the field being analysed (see `findNames`). */
const FIELD_KNOWN: FieldKnown = { keys: [], kinds: [], count: 0 };
/**
 * Scratch of `analyzeItem`: the known names' terms and the title evidence, copied at their size
 * at the end (no array grown per analysis; one emptied with `length = 0` would drop its storage).
 */
const KNOWN_TERMS: TermList = { refs: [], count: 0 };
const EVIDENCE_TERMS: TermList = { refs: [], count: 0 };
/** Scratch of `analyzeItem`: the term of each figure. */
const FIGURE_TERMS: TermRef[] = [];

/**
 * The terms of an analysis being made, in the order first met, each with its highest weight (a
 * `Map` without a map): the first `count` of the scratch arrays `TERM_REFS` and `TERM_WEIGHTS`.
 */
interface Terms {
  readonly refs: TermRef[];
  readonly weights: number[];
  count: number;
  /** The analysis's stamp (`TermRef.seen`). */
  readonly stamp: number;
}

/** Scratch of `analyzeItem` (analyses run one at a time): its terms, weights and stems as met. */
const TERM_REFS: TermRef[] = [];
const TERM_WEIGHTS: number[] = [];
const STEMS: TermRef[] = [];

function setMax(terms: Terms, term: TermRef, weight: number): void {
  if (term.seen !== terms.stamp) {
    term.seen = terms.stamp;
    term.slot = terms.count;
    terms.refs[terms.count] = term;
    terms.weights[terms.count] = weight;
    terms.count += 1;
  } else if ((terms.weights[term.slot] as number) < weight) terms.weights[term.slot] = weight;
}

/** Scratch of `wordsOf`: the words' offsets (analyses run one at a time). */
const SPANS = createSpanBuffer();
/** Scratch of `wordsOf`: the words of the field being analysed (their shapes and bits), the first `count` of them. */
const WORDS: WordShape[] = [];
let WORD_BITS = new Uint8Array(256);

/** Scratch of `analyzeItem`: the UTF-16 units of the field being analysed (see `codesOf`). */
let CODES = unitBuffer(512);

/** A scratch array of UTF-16 units, with a `Buffer` over the same bytes (`codesOf` copies into it). */
function unitBuffer(length: number): { units: Uint16Array; bytes: Buffer } {
  const units = new Uint16Array(length);
  return { units, bytes: Buffer.from(units.buffer, units.byteOffset, units.byteLength) };
}

/** Whether this machine stores a 16-bit number's low byte first, as `utf16le` writes a unit. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The UTF-16 units of `text` in a typed array (scratch: valid until the next call; its first
 * `text.length` units): every pass of the analysis reads them there, quicker to read than a string
 * that may be a slice or a concatenation of others. Copied by `Buffer.write` (`utf16le` copies
 * every unit as it is, a lone surrogate too): about ten times quicker than reading the string unit
 * by unit when it is a slice (a summary cut at 280 characters).
 */
function codesOf(text: string): Uint16Array {
  if (CODES.units.length < text.length) CODES = unitBuffer(2 * text.length);
  const codes = CODES.units;
  if (LITTLE_ENDIAN) CODES.bytes.write(text, 0, 2 * text.length, 'utf16le');
  else for (let index = 0; index < text.length; index += 1) codes[index] = text.charCodeAt(index);
  return codes;
}

/** The words of `text` (whose units are `codes`) into `WORDS`: returns how many. */
function wordsOf(text: string, codes: Uint16Array, inTitle: boolean, shouting: boolean, stemmer: Stemmer, shapes: WordShapes): number {
  const count = tokenSpansOfCodesInto(codes, text, SPANS) / 2;
  const spans = SPANS.offsets;
  // A leading label is a headline's (`LABEL`, read for the title's words only): no colon looked for in a summary.
  let colon = -1;
  if (inTitle) {
    for (let index = 0; index < text.length; index += 1) {
      if (codes[index] === 0x3a) {
        colon = index;
        break;
      }
    }
  }
  let previousEnd = 0;
  const words = WORDS;
  if (WORD_BITS.length < count) WORD_BITS = new Uint8Array(2 * count);
  const bits = WORD_BITS;
  for (let index = 0; index < count; index += 1) {
    const start = spans[2 * index] as number;
    const end = spans[2 * index + 1] as number;
    // Most words follow one space: no sentence break, joined to the previous word.
    const oneSpace = index > 0 && start === previousEnd + 1 && codes[previousEnd] === 0x20;
    // The characters between the two words, when not one space, read where they are (no substring, no regular expression).
    const gap = oneSpace || index === 0 ? 0 : gapKind(codes, previousEnd, start);
    previousEnd = end;
    const shape = shapeAt(codes, text, start, end, stemmer, shapes);
    let wordBits = index === 0 || (gap & GAP_BREAK) !== 0 ? INITIAL : 0;
    // In an all-caps headline the case tells nothing: every word looks capitalised.
    if (shape.capital && !shouting) wordBits |= CAPITAL;
    if (shape.nameShapeAnyCase || (!shouting && shape.nameShapeByCase)) wordBits |= NAME_SHAPE;
    if (index > 0 && (oneSpace || (gap & GAP_SPACE) !== 0)) wordBits |= JOINED;
    if (colon >= 0 && end <= colon) wordBits |= LABEL;
    bits[index] = wordBits;
    if (index < words.length) words[index] = shape;
    else words.push(shape);
  }
  return count;
}

/**
 * What the characters from `from` to `to` (of a text whose units are `codes`) are, as the patterns of `GAP_BREAK` and
 * `GAP_SPACE` would tell of them: `GAP_BREAK` and `GAP_SPACE` bits (every character these
 * patterns read is one UTF-16 unit).
 */
function gapKind(codes: Uint16Array, from: number, to: number): number {
  if (from >= to) return 0;
  let spaces = true;
  for (let index = from; index < to; index += 1) {
    const code = codes[index] as number;
    if (isSentencePunctuation(code)) return GAP_BREAK;
    if (!isSpace(code)) {
      spaces = false;
      continue;
    }
    // `\s-\s`
    if (index + 2 < to && codes[index + 1] === 0x2d && isSpace(codes[index + 2] as number)) return GAP_BREAK;
  }
  return spaces ? GAP_SPACE : 0;
}

/** `[.!?:;«»"“”—–|]` */
function isSentencePunctuation(code: number): boolean {
  if (code < 0x80) return code === 0x2e || code === 0x21 || code === 0x3f || code === 0x3a || code === 0x3b || code === 0x22 || code === 0x7c;
  return code === 0xab || code === 0xbb || code === 0x201c || code === 0x201d || code === 0x2014 || code === 0x2013;
}


/**
 * Case of the Latin characters (below U+0250) and of the general punctuation (U+2000 to U+206F:
 * ’ — … and the narrow spaces), one by one: 0 not a letter, 1 lower, 2 upper, 3 other (outside
 * those blocks, or its case changes its length: ß, İ). No character of these blocks changes case
 * by its context, so the whole text's case is theirs one by one.
 */
const CASE_TABLE_END = 0x2070;
const PUNCTUATION_START = 0x2000;
const LATIN_END = 0x250;
const LATIN_CASES: Uint8Array = Uint8Array.from({ length: CASE_TABLE_END }, (_, code) => {
  if (code >= LATIN_END && code < PUNCTUATION_START) return 3;
  const char = String.fromCharCode(code);
  const lower = char.toLowerCase();
  const upper = char.toUpperCase();
  if (lower.length !== 1 || upper.length !== 1) return 3;
  if (lower !== char) return 2;
  return upper !== char ? 1 : 0;
});

/** Mostly upper-case letters over at least three words: `HUAWEI OUVRE UNE RÉGION EN IRLANDE`. */
function isShouting(text: string, codes: Uint16Array): boolean {
  // Latin text and its punctuation (all of French) is read from a table; anything else as the whole text's case says.
  let letters = 0;
  let capitals = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = codes[index] as number;
    const kind = code < CASE_TABLE_END ? (LATIN_CASES[code] as number) : 3;
    if (kind === 3) return isShoutingAnyScript(text);
    if (kind !== 0) letters += 1;
    if (kind === 2) capitals += 1;
    // A fifth of the text's length in lower-case letters already: a fifth of its letters at least,
    // whatever follows (in any script), so not more than four fifths capitals.
    else if (kind === 1 && 5 * (letters - capitals) >= text.length) return false;
  }
  return letters >= 10 && capitals / letters > 0.8;
}

function isShoutingAnyScript(text: string): boolean {
  const lower = text.toLowerCase();
  const upper = text.toUpperCase();
  let letters = 0;
  let capitals = 0;
  if (lower.length === text.length && upper.length === text.length) {
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      const isUpper = code !== lower.charCodeAt(index);
      if (isUpper || code !== upper.charCodeAt(index)) letters += 1;
      if (isUpper) capitals += 1;
    }
  } else {
    for (const char of text) {
      const isUpper = char.toLowerCase() !== char;
      if (isUpper || char.toUpperCase() !== char) letters += 1;
      if (isUpper) capitals += 1;
    }
  }
  return letters >= 10 && capitals / letters > 0.8;
}

/** The first (longest) known name that starts at `words[index]`, spelt as it needs (as `find` over them would give). */
function knownNameAt(words: readonly WordShape[], bits: Uint8Array, count: number, index: number, shouting: boolean): KnownName | undefined {
  const names = (words[index] as WordShape).knownNames;
  for (let position = 0; position < names.length; position += 1) {
    const name = names[position] as KnownName;
    let spelt = true;
    for (let offset = 0; offset < name.stems.length; offset += 1) {
      if (index + offset >= count || (words[index + offset] as WordShape).stem !== name.stems[offset]) {
        spelt = false;
        break;
      }
    }
    if (spelt && (!name.needsCapital || ((bits[index] as number) & (CAPITAL | NAME_SHAPE)) !== 0 || shouting)) return name;
  }
  return undefined;
}

/**
 * Names of one field: known names first (longest match), then runs of words the case marks as
 * names (capitalised and not starting a sentence, or starting one of the headline's sentences
 * outside its leading label, or spelt like a name). A capitalised word that starts a sentence
 * joins the name that follows it (`Cloud Temple`, `Health Data Hub`).
 * Marks the words in names in `inName`; adds every known name met, any case, to `known`; appends
 * the names to `mentions` (the analysis's list: no list per field).
 */
function findNames(
  words: readonly WordShape[],
  bits: Uint8Array,
  count: number,
  inTitle: boolean,
  shouting: boolean,
  known: FieldKnown,
  inName: (NameKind | undefined)[],
  shapes: WordShapes,
  mentions: NameMention[],
): void {
  for (let index = 0; index < count; ) {
    const hit = knownNameAt(words, bits, count, index, shouting);
    if (hit === undefined) {
      index += 1;
      continue;
    }
    setKnown(known, hit.canonical, hit.kind);
    const length = hit.stems.length;
    if (((bits[index] as number) & (CAPITAL | NAME_SHAPE)) !== 0 || (shouting && hit.needsCapital)) {
      mentions.push({
        text: spelling(words, index, index + length),
        key: hit.canonical,
        keyTerm: knownTerm(shapes, hit.canonical),
        // The words' stems are the name's (`knownNameAt`).
        stemTerms: stemTermsOf(words, index, index + length, shapes.terms),
        kind: hit.kind,
        inTitle,
        strong: true,
      });
      for (let offset = 0; offset < length; offset += 1) inName[index + offset] = hit.kind;
    }
    index += length;
  }
  for (let index = 0; index < count; ) {
    if (!isNameWord(words[index] as WordShape, bits[index] as number, index, inName, inTitle)) {
      index += 1;
      continue;
    }
    let start = index;
    let end = index + 1;
    while (end < count && ((bits[end] as number) & JOINED) !== 0 && isNameWord(words[end] as WordShape, bits[end] as number, end, inName, inTitle)) end += 1;
    // The word before, capitalised at the start of a sentence, joins the name (`Cloud Temple`).
    const before = start - 1;
    if (
      before >= 0 &&
      ((bits[start] as number) & JOINED) !== 0 &&
      ((bits[before] as number) & (CAPITAL | INITIAL)) === (CAPITAL | INITIAL) &&
      inName[before] === undefined &&
      !(words[before] as WordShape).stopWord
    ) {
      start -= 1;
    }
    // The stems joined by spaces.
    let key = (words[start] as WordShape).stem;
    let strong = false;
    for (let at = start; at < end; at += 1) {
      const partBits = bits[at] as number;
      if (at > start) key += ` ${(words[at] as WordShape).stem}`;
      if ((partBits & NAME_SHAPE) !== 0 || (partBits & (CAPITAL | INITIAL)) === CAPITAL) strong = true;
    }
    mentions.push({
      text: spelling(words, start, end),
      key,
      keyTerm: isKnownKey(key) ? knownTerm(shapes, key) : undefined,
      stemTerms: stemTermsOf(words, start, end, shapes.terms),
      kind: 'name',
      inTitle,
      strong,
    });
    for (let marked = start; marked < end; marked += 1) inName[marked] = 'name';
    index = end;
  }
}

/**
 * Whether the word `shape` (at `index`, with `wordBits`) can be part of a name the case marks. The
 * capitalised word that starts a headline's sentence is its subject more often than not (`Wimi
 * obtient…`): a name there, but not in a leading label (`Cyberattaque : …`).
 */
function isNameWord(shape: WordShape, wordBits: number, index: number, inName: readonly (NameKind | undefined)[], inTitle: boolean): boolean {
  return (
    inName[index] === undefined &&
    !shape.stopWord &&
    !shape.digits &&
    shape.figure === undefined &&
    ((wordBits & NAME_SHAPE) !== 0 || ((wordBits & CAPITAL) !== 0 && ((wordBits & INITIAL) === 0 || (inTitle && (wordBits & LABEL) === 0))))
  );
}

/** The terms of the stems of the words from `start` to `end`. */
function stemTermsOf(words: readonly WordShape[], start: number, end: number, table: TermTable): TermRef[] {
  const terms = new Array<TermRef>(end - start);
  for (let at = start; at < end; at += 1) {
    const shape = words[at] as WordShape;
    terms[at - start] = shape.stemTerm ?? termsOf(shape, table);
  }
  return terms;
}

/** The words from `start` to `end` as written, joined by spaces. */
function spelling(words: readonly WordShape[], start: number, end: number): string {
  let text = (words[start] as WordShape).raw;
  for (let at = start + 1; at < end; at += 1) text += ` ${(words[at] as WordShape).raw}`;
  return text;
}
