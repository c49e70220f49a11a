import { createInterface } from 'node:readline';
import { compileMatcher, type Matcher, type MatchInput } from '../../match/index.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';

export interface MatchOptions {
  readonly jsonl: boolean;
  readonly title?: string;
  readonly summary?: string;
}

/**
 * `veille match TITLE [SUMMARY]`: which watches match, on which terms, and why near-misses did not.
 * `--jsonl`: `{"title","summary"}` lines on stdin, one `{"matches":[{"watch","terms"}]}` line out each.
 */
export async function matchCommand(context: CommandContext, options: MatchOptions): Promise<number> {
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;
  const matcher = compileMatcher(config.watches.map((watch) => ({ name: watch.name, rule: watch.rule })));
  if (options.jsonl) return matchLines(context, matcher);
  if (options.title === undefined) {
    context.io.err.write('veille match: give a TITLE (and optionally a SUMMARY), or --jsonl to read items on stdin\n');
    return EXIT_USAGE;
  }
  const item: MatchInput = { title: options.title, summary: options.summary ?? '', categories: [] };
  for (const explanation of matcher.explain(item)) {
    const head = explanation.matched ? `${explanation.watch}: match — ${explanation.terms.join(', ')}` : `${explanation.watch}: no match`;
    const reasons = explanation.reasons.map((reason) => `\n  ${reason}`).join('');
    context.io.out(`${head}${reasons}\n`);
  }
  return EXIT_OK;
}

async function matchLines(context: CommandContext, matcher: Matcher): Promise<number> {
  let code = EXIT_OK;
  const lines = createInterface({ input: context.io.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const item = parseItemLine(line);
    if (typeof item === 'string') {
      context.io.err.write(`veille match: stdin line ${lineNumber}: ${item}\n`);
      context.io.out(`${JSON.stringify({ matches: [], error: item })}\n`);
      code = EXIT_FAILURE;
      continue;
    }
    const matches = matcher.match(item).map((match) => ({ watch: match.watch, terms: match.terms }));
    context.io.out(`${JSON.stringify({ matches })}\n`);
  }
  return code;
}

function parseItemLine(line: string): MatchInput | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (value === null || typeof value !== 'object') return 'expected a JSON object with "title"';
  const { title, summary, categories, link } = value as Record<string, unknown>;
  if (typeof title !== 'string') return 'expected "title" to be a string';
  return {
    title,
    summary: typeof summary === 'string' ? summary : '',
    categories: Array.isArray(categories) ? categories.filter((c): c is string => typeof c === 'string') : [],
    ...(typeof link === 'string' ? { link } : {}),
  };
}
