import { compareHeadlines, explanationText, type StoryItem } from '../../stories/index.js';
import { EXIT_OK, EXIT_USAGE } from '../cli-io.js';
import type { CommandContext } from '../command-context.js';

export interface StoryOptions {
  readonly titles: readonly string[];
  readonly summaryA?: string | undefined;
  readonly summaryB?: string | undefined;
  readonly json: boolean;
}

/**
 * `veille story "TITLE A" "TITLE B" [--summary-a S] [--summary-b S] [--json]`: whether B tells the
 * story of A, the score, and the words, names and figures that decided it. Exit 0: one story;
 * 1: different stories; 2: usage. The window holds these two items only, so every word is rare.
 */
export function storyCommand(context: CommandContext, options: StoryOptions): number {
  const [titleA, titleB, ...extra] = options.titles;
  if (titleA === undefined || titleB === undefined || extra.length > 0 || titleA.trim() === '' || titleB.trim() === '') {
    context.io.err.write('veille story: give two headlines: veille story "TITLE A" "TITLE B" [--summary-a S] [--summary-b S] [--json]\n');
    return EXIT_USAGE;
  }
  const a: StoryItem = { title: titleA, summary: options.summaryA ?? '' };
  const b: StoryItem = { title: titleB, summary: options.summaryB ?? '' };
  const explanation = compareHeadlines(a, b);
  context.io.out(options.json ? `${JSON.stringify(explanation)}\n` : explanationText(explanation));
  // Exit 0 either way: the answer is in the output (1 means the command could not do its work).
  return EXIT_OK;
}
