import { TemplateError } from '../errors/template-error.js';
/**
 * Message templates: literal text with `{placeholder}`s, `{{` and `}}` for literal braces.
 * See docs/templates.md. Parsed once when the configuration loads; rendered per message with values
 * already escaped for the target platform.
 */

export const TEMPLATE_PLACEHOLDERS = ['title', 'link', 'source', 'terms', 'excerpt', 'published', 'watch'] as const;

export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

export type TemplateValues = Readonly<Record<TemplatePlaceholder, string>>;

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'placeholder'; readonly name: TemplatePlaceholder };

export interface Template {
  /** The template as written in the configuration. */
  readonly source: string;
  readonly parts: readonly TemplatePart[];
}

/** Longest template accepted (code units): longer ones could not fit Slack's 3000-character section. */
export const MAX_TEMPLATE_LENGTH = 2000;


function isPlaceholder(name: string): name is TemplatePlaceholder {
  return (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name);
}

const KNOWN = TEMPLATE_PLACEHOLDERS.map((name) => `{${name}}`).join(', ');

/** Parses a template, throwing a {@link TemplateError} that says what is wrong and where. */
export function parseTemplate(text: string): Template {
  if (text.trim() === '') throw new TemplateError('the template is empty', text, 0);
  if (text.length > MAX_TEMPLATE_LENGTH) {
    throw new TemplateError(
      `the template is ${text.length} characters long, the maximum is ${MAX_TEMPLATE_LENGTH}`,
      text,
      MAX_TEMPLATE_LENGTH,
    );
  }
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '{' && text[i + 1] === '{') {
      literal += '{';
      i += 2;
    } else if (char === '}' && text[i + 1] === '}') {
      literal += '}';
      i += 2;
    } else if (char === '}') {
      throw new TemplateError("unmatched '}' (write '}}' for a literal brace)", text, i);
    } else if (char === '{') {
      const close = text.indexOf('}', i + 1);
      const open = text.indexOf('{', i + 1);
      if (close === -1 || (open !== -1 && open < close)) {
        throw new TemplateError("unclosed '{' (write '{{' for a literal brace)", text, i);
      }
      const name = text.slice(i + 1, close);
      if (!isPlaceholder(name)) {
        throw new TemplateError(`unknown placeholder "{${name}}" (known: ${KNOWN})`, text, i);
      }
      if (literal !== '') parts.push({ kind: 'text', text: literal });
      literal = '';
      parts.push({ kind: 'placeholder', name });
      i = close + 1;
    } else {
      literal += char;
      i += 1;
    }
  }
  if (literal !== '') parts.push({ kind: 'text', text: literal });
  return { source: text, parts };
}

/** Substitutes `values` (already escaped for the platform) into the template. */
export function renderTemplate(template: Template, values: TemplateValues): string {
  return template.parts.map((part) => (part.kind === 'text' ? part.text : values[part.name])).join('');
}

/** How many times `name` appears in the template. */
export function placeholderCount(template: Template, name: TemplatePlaceholder): number {
  return template.parts.filter((part) => part.kind === 'placeholder' && part.name === name).length;
}
