import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSpanBuffer, tokenize, tokenSpansOfCodesInto } from '../../src/match/tokenize.js';

const spansOf = (text: string): number[] => tokenize(text).flatMap((token) => [token.start, token.end]);

const TEXTS = [
  '',
  'Huawei ouvre une région cloud en Irlande',
  "L'Anssi publie la version 3.2 du référentiel SecNumCloud",
  "d'Huawei's l’Anssi jusqu'au aujourd'hui qu'il",
  "Huawei's it's l's 's ' '' l' d'",
  'Œuvre, Écran… « Cloud » — S3NS/OVHcloud: 1 499 € (3,2 %)',
  'mots\u00a0insécables\u202fet\u2019apostrophes\u02bcmodifiées ‘ici’',
  'ĞÜŞ İstanbul ßtraße ﬁn Ωmega ́combining e\u0301t\u0301é',
  '𝐀𝐁 emoji 🙂 mixed😀word',
];

/** The offsets `tokenSpansOfCodesInto` writes, from the text's units in a larger array holding stale units past them (a small buffer by default: it must grow). */
const spansOfCodes = (text: string, buffer = createSpanBuffer(4)): number[] => {
  const codes = new Uint16Array(text.length + 3).fill(0x61);
  for (let index = 0; index < text.length; index += 1) codes[index] = text.charCodeAt(index);
  const count = tokenSpansOfCodesInto(codes, text, buffer);
  return [...buffer.offsets.subarray(0, count)];
};

describe('tokenSpansOfCodesInto', () => {
  it.each([...TEXTS, 'fin\ud83d', 'a\udc00b \ud83d\ude00'])('gives the offsets of tokenize: %s', (text) => {
    expect(spansOfCodes(text)).toEqual(spansOf(text));
  });

  it('gives the offsets of tokenize for every UTF-16 unit below U+0370, alone and inside words', () => {
    const scratch = createSpanBuffer(4);
    for (let code = 0; code < 0x370; code += 1) {
      const unit = String.fromCharCode(code);
      for (const text of [unit, `a${unit}b`, `l${unit}Huawei ${unit}9`, `${unit}${unit}é`]) {
        expect(spansOfCodes(text, scratch), `U+${code.toString(16)} in ${JSON.stringify(text)}`).toEqual(spansOf(text));
      }
    }
  });

  it('gives the offsets of tokenize on the story sets', () => {
    const lines = [
      ...readFileSync(new URL('../fixtures/stories/extra-set.jsonl', import.meta.url), 'utf8').split('\n'),
      ...readFileSync(new URL('../../../shared/stories/dev-set.jsonl', import.meta.url), 'utf8').split('\n'),
    ].filter((line) => line.trim() !== '');
    const scratch = createSpanBuffer(4);
    for (const line of lines) {
      const { title, summary } = JSON.parse(line) as { title: string; summary: string };
      for (const text of [title, summary]) {
        expect(spansOfCodes(text, scratch)).toEqual(spansOf(text));
      }
    }
  });
});
