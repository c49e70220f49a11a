import type { ReplayItem, WatchReplay } from './replay-watches.js';

/** The JSON `veille replay --json` prints (one object). */
export interface ReplayReport {
  /** Start of the replayed window (ISO 8601). */
  readonly since: string;
  /** Stored items replayed (those that could be posted when seen). */
  readonly items: number;
  /** True when the item limit was reached: older items of the window were not replayed. */
  readonly truncated: boolean;
  readonly watches: readonly WatchReplay[];
}

/** The text form: per watch, counts then `+` added and `-` removed items (pure). */
export function formatReplay(report: ReplayReport): string {
  const lines = [`Replayed ${report.items} item${report.items === 1 ? '' : 's'} seen since ${report.since}.`];
  if (report.truncated) lines.push('(item limit reached: older items of the window were not replayed)');
  for (const watch of report.watches) {
    const change = watch.added.length === 0 && watch.removed.length === 0 ? 'no change' : `${watch.added.length} added, ${watch.removed.length} removed`;
    lines.push('', `${watch.watch}: would post ${watch.wouldPost}, posted ${watch.posted} — ${change}`);
    for (const item of watch.added) lines.push(`  + ${itemLine(item)}`);
    for (const item of watch.removed) lines.push(`  - ${itemLine(item)}`);
  }
  return `${lines.join('\n')}\n`;
}

function itemLine(item: ReplayItem): string {
  const terms = item.terms.length === 0 ? '' : ` (${item.terms.join(', ')})`;
  const link = item.link === undefined ? '' : ` <${item.link}>`;
  return `[${item.source}] ${oneLine(item.title)}${terms}${link}`;
}

/** A feed's title on one terminal line: control and bidi-override characters shown as spaces. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, ' ');
}
