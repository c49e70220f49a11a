import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { compileMatcher, type Matcher } from '../../src/match/index.js';

interface WatchesFile {
  readonly watches: readonly { readonly name: string; readonly rule: string | readonly string[] }[];
}

/** The rule of the default `cloud-souverain` watch, as shipped in feeds/watches.yaml. */
export function defaultRule(): string | readonly string[] {
  const file = parse(readFileSync(new URL('../../feeds/watches.yaml', import.meta.url), 'utf8')) as WatchesFile;
  const watch = file.watches.find((candidate) => candidate.name === 'cloud-souverain');
  if (watch === undefined) throw new Error('feeds/watches.yaml has no cloud-souverain watch');
  return watch.rule;
}

export function defaultMatcher(): Matcher {
  return compileMatcher([{ name: 'cloud-souverain', rule: defaultRule() }]);
}
