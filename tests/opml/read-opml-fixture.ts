import { readFileSync } from 'node:fs';
import { decodeFeedBody } from '../../src/decode/decode-body.js';

export const OPML_FIXTURES = new URL('../fixtures/opml/', import.meta.url);

/** A fixture's text, decoded as `veille import-opml` decodes files. */
export function readOpmlFixture(name: string): string {
  return decodeFeedBody(readFileSync(new URL(name, OPML_FIXTURES)));
}
