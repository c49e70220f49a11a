import { readFileSync } from 'node:fs';
import { decodeFeedBody } from '../../src/decode/decode-body.js';

/** A feed fixture of tests/fixtures/feeds/, decoded like a fetched body. */
export function readFixture(name: string): string {
  return decodeFeedBody(readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url)));
}
