import { describe, expect, it } from 'vitest';
import { stripOutletSuffix, wordCount } from '../../src/stories/strip-outlet.js';

describe('aggregator outlet suffix', () => {
  it.each([
    ['Huawei Cloud ouvre une région en Irlande - LeMagIT', undefined, 'Huawei Cloud ouvre une région en Irlande'],
    ['Huawei Cloud ouvre une région en Irlande - Le Monde Informatique', undefined, 'Huawei Cloud ouvre une région en Irlande'],
    ['Huawei Cloud ouvre une région en Irlande – 01net', undefined, 'Huawei Cloud ouvre une région en Irlande'],
    ['Huawei Cloud ouvre une région en Irlande | Silicon.fr', undefined, 'Huawei Cloud ouvre une région en Irlande'],
    // The item's own source is removed whatever its length.
    ['Bleu ouvre ses régions - Le Journal du Cloud Souverain Français', 'Le Journal du Cloud Souverain Français', 'Bleu ouvre ses régions'],
    // Kept: a figure, a long tail, a short head, no spaced dash.
    ['Orange Business supprime des postes - 643 au total', undefined, 'Orange Business supprime des postes - 643 au total'],
    ['Cloud souverain - ce que change la nouvelle doctrine de l’État', undefined, 'Cloud souverain - ce que change la nouvelle doctrine de l’État'],
    ['Panne - LeMagIT', undefined, 'Panne - LeMagIT'],
    ['Royaume-Uni : le retrait des équipements Huawei repoussé', undefined, 'Royaume-Uni : le retrait des équipements Huawei repoussé'],
  ])('%j', (title, source, expected) => {
    expect(stripOutletSuffix(title, source)).toBe(expected);
  });
});

describe('wordCount', () => {
  /** What `stripOutletSuffix` counted before: the words of a split on white space. */
  const splitCount = (text: string): number => text.split(/\s+/u).filter((word) => word !== '').length;
  const spaces = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];

  it.each([
    ['', 0],
    ['   ', 0],
    ['LeMagIT', 1],
    ['Le Monde Informatique', 3],
    ['  Huawei Cloud  ouvre\tune région\u00a0en Irlande ', 7],
    ['Silicon.fr', 1],
    ['a - b', 3],
  ])('%j: %i words', (text, expected) => {
    expect(wordCount(text)).toBe(expected);
    expect(splitCount(text)).toBe(expected);
    for (const limit of [1, 4, 5]) expect(wordCount(text, limit)).toBe(Math.min(expected, limit));
  });

  it('counts as a split on white space does, with every white space character and others around words', () => {
    for (const space of [...spaces, '\u200b', '-', '\u00ad']) {
      for (const text of [`a${space}b`, `${space}a${space}${space}b${space}`, `${space}`, `ab${space}`]) {
        expect(wordCount(text)).toBe(splitCount(text));
      }
    }
  });
});
