import { fitEscaped } from './truncate.js';
import { placeholderCount, renderTemplate, type Template, type TemplateValues } from './template.js';

export interface TemplateExcerpt {
  /** Plain-text excerpt, escaped and shortened here to whatever room the template leaves. */
  readonly raw: string;
  readonly escape: (text: string) => string;
  readonly maxLength: number;
}

/**
 * Renders `template` within `limit` code units: the excerpt gets the room left by everything else
 * (shared between its occurrences, at most `excerpt.maxLength` each); if the result is still too
 * long (very long titles, many placeholders), `truncateMarkup` cuts it safely for the platform.
 */
export function fitTemplate(
  template: Template,
  values: Omit<TemplateValues, 'excerpt'>,
  excerpt: TemplateExcerpt,
  limit: number,
  truncateMarkup: (markup: string, limit: number) => string,
): string {
  const occurrences = placeholderCount(template, 'excerpt');
  let excerptText = '';
  if (occurrences > 0) {
    const fixedLength = renderTemplate(template, { ...values, excerpt: '' }).length;
    const room = Math.max(0, Math.floor((limit - fixedLength) / occurrences));
    excerptText = fitEscaped(excerpt.raw, excerpt.escape, Math.min(excerpt.maxLength, room));
  }
  return truncateMarkup(renderTemplate(template, { ...values, excerpt: excerptText }), limit);
}
