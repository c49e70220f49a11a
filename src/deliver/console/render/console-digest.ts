import { digestCount, digestDay, digestLineTime, type Digest, type DigestPart } from '../../../render/digest.js';
import { DEFAULT_TIME_ZONE } from '../../../render/format-date.js';

// C0/C1 control characters (incl. ESC): feed text must not drive the terminal.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function clean(text: string): string {
  return text.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}

/**
 * A digest for a terminal (pure), one part: a title line, then per story its title and link and
 * one indented line per source with its time (and its link when the story has several), e.g.
 * `[digest cloud-souverain] lundi 2 mars 2026 · 2 articles` / `- Orange quitte Huawei | https://…` / `    LeMagIT · 07:40`
 */
export function renderConsoleDigest(digest: Digest, timeZone: string = DEFAULT_TIME_ZONE): DigestPart<string>[] {
  const count = digest.stories.length;
  const lines = [`[digest ${clean(digest.watch)}] ${digestDay(digest.period, timeZone)} · ${digestCount(digest)}`];
  for (const story of digest.stories) {
    const lead = story.lines[0];
    if (lead === undefined) continue;
    lines.push(`- ${clean(lead.item.title) || '(sans titre)'} | ${lead.item.link ?? '(pas de lien)'}`);
    const several = story.lines.length > 1;
    for (const line of story.lines) {
      lines.push(`    ${clean(line.source)} · ${digestLineTime(line.item.published, digest.period, timeZone)}${several ? ` | ${line.item.link ?? '(pas de lien)'}` : ''}`);
    }
  }
  return count === 0 ? [] : [{ body: `${lines.join('\n')}\n`, stories: count }];
}
