import { describeSkip, type ImportPlan } from '../opml/plan-import.js';

/** What `veille import-opml` prints: the sources added (or that would be) and each feed skipped, with why (pure). */
export function formatImportReport(plan: ImportPlan, target: string, options: { readonly dryRun: boolean }): string {
  const lines: string[] = [];
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (plan.added.length === 0) {
    lines.push(`nothing to import: ${plan.skipped.length === 0 ? 'the file lists no feed' : `all ${count(plan.skipped.length, 'feed')} skipped`}`);
  } else {
    lines.push(`${options.dryRun ? 'would import' : 'imported'} ${count(plan.added.length, 'source')} into ${target}:`);
    for (const source of plan.added) lines.push(`  + ${source.name} (${source.url})`);
  }
  if (plan.skipped.length > 0) {
    if (plan.added.length > 0) lines.push(`skipped ${count(plan.skipped.length, 'feed')}:`);
    for (const { feed, name, reason } of plan.skipped) lines.push(`  - ${name}${feed.xmlUrl === '' ? '' : ` (${feed.xmlUrl})`}: ${describeSkip(reason)}`);
  }
  return `${lines.join('\n')}\n`;
}
