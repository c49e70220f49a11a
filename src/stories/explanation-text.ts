import type { StoryExplanation } from './story-explanation.js';

/**
 * A story explanation for people:
 *
 *     same story (score 0.512 >= 0.3)
 *       shared words: numspot 0.21, secnumcloud 0.12, qualif 0.08
 *       shared names: NumSpot, SecNumCloud
 *       names only in A: -; only in B: Anssi
 */
export function explanationText(explanation: StoryExplanation, labels: { readonly candidate: string; readonly item: string } = { candidate: 'A', item: 'B' }): string {
  const { score, threshold } = explanation;
  const head = {
    similar: `same story (score ${score} >= ${threshold})`,
    'below-threshold': `different stories (score ${score} < ${threshold})`,
    'names-conflict': `different stories: the headlines name different things (score ${score}, threshold ${threshold})`,
    'figures-conflict': `different stories: the figures differ (score ${score}, threshold ${threshold})`,
    'specifics-conflict': `different stories: each headline has a name or a figure the other item never mentions (score ${score}, threshold ${threshold})`,
    'too-little-shared': `different stories: fewer than two words, names or figures in common (score ${score}, threshold ${threshold})`,
    'only-organisations-shared': `different stories: the headlines share no word beyond the organisations they name (score ${score}, threshold ${threshold})`,
  }[explanation.reason];
  const list = (values: readonly string[]): string => (values.length === 0 ? '-' : values.join(', '));
  const lines = [
    head,
    `  shared words: ${explanation.sharedTerms.length === 0 ? '-' : explanation.sharedTerms.map((term) => `${term.term} ${term.weight}`).join(', ')}`,
    `  shared names: ${list(explanation.sharedNames)}`,
    `  headline names only in ${labels.candidate}: ${list(explanation.conflictingNames.candidate)}; only in ${labels.item}: ${list(explanation.conflictingNames.item)}`,
    `  shared figures: ${list(explanation.sharedFigures)}`,
    `  figures only in ${labels.candidate}: ${list(explanation.conflictingFigures.candidate)}; only in ${labels.item}: ${list(explanation.conflictingFigures.item)}`,
  ];
  return `${lines.join('\n')}\n`;
}
