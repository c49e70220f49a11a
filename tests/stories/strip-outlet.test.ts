import { describe, expect, it } from 'vitest';
import { stripOutletSuffix } from '../../src/stories/strip-outlet.js';

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
