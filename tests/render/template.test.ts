import { describe, expect, it } from 'vitest';
import {
  MAX_TEMPLATE_LENGTH,
  parseTemplate,
  placeholderCount,
  renderTemplate,
  type TemplateValues,
} from '../../src/render/template.js';
import { TemplateError } from '../../src/errors/template-error.js';

const values: TemplateValues = {
  title: 'T',
  link: 'L',
  source: 'S',
  terms: 'X, Y',
  excerpt: 'E',
  published: 'P',
  watch: 'W',
};

describe('parseTemplate + renderTemplate', () => {
  const cases: { name: string; template: string; expected: string }[] = [
    { name: 'all placeholders', template: '{title}|{link}|{source}|{terms}|{excerpt}|{published}|{watch}', expected: 'T|L|S|X, Y|E|P|W' },
    { name: 'literal text and newlines', template: '**{title}**\n{excerpt}', expected: '**T**\nE' },
    { name: 'repeated placeholder', template: '{title} {title}', expected: 'T T' },
    { name: 'escaped braces', template: '{{title}} {{{title}}}', expected: '{title} {T}' },
    { name: 'no placeholder', template: 'Nouvel article', expected: 'Nouvel article' },
    { name: 'French text', template: '«\u00A0{title}\u00A0» — {source}', expected: '«\u00A0T\u00A0» — S' },
  ];
  it.each(cases)('$name', ({ template, expected }) => {
    expect(renderTemplate(parseTemplate(template), values)).toBe(expected);
  });

  it('keeps the source and counts placeholders', () => {
    const template = parseTemplate('{excerpt} {title} {excerpt}');
    expect(template.source).toBe('{excerpt} {title} {excerpt}');
    expect(placeholderCount(template, 'excerpt')).toBe(2);
    expect(placeholderCount(template, 'watch')).toBe(0);
  });
});

describe('parseTemplate errors', () => {
  const cases: { name: string; template: string; message: string; line: number; column: number }[] = [
    {
      name: 'unknown placeholder',
      template: 'Nouveau : {titre}',
      message:
        'template error at line 1, column 11: unknown placeholder "{titre}" (known: {title}, {link}, {source}, {terms}, {excerpt}, {published}, {watch})',
      line: 1,
      column: 11,
    },
    {
      name: 'unknown placeholder on a later line',
      template: '{title}\n  {Title}',
      message: 'template error at line 2, column 3: unknown placeholder "{Title}" (known: {title}, {link}, {source}, {terms}, {excerpt}, {published}, {watch})',
      line: 2,
      column: 3,
    },
    { name: 'unclosed brace', template: 'a {title', message: "template error at line 1, column 3: unclosed '{' (write '{{' for a literal brace)", line: 1, column: 3 },
    { name: 'brace opened twice', template: '{ti{title}', message: "template error at line 1, column 1: unclosed '{' (write '{{' for a literal brace)", line: 1, column: 1 },
    { name: 'lone closing brace', template: 'a } b', message: "template error at line 1, column 3: unmatched '}' (write '}}' for a literal brace)", line: 1, column: 3 },
    { name: 'empty placeholder', template: '{}', message: 'template error at line 1, column 1: unknown placeholder "{}" (known: {title}, {link}, {source}, {terms}, {excerpt}, {published}, {watch})', line: 1, column: 1 },
    { name: 'empty template', template: '  \n', message: 'template error at line 1, column 1: the template is empty', line: 1, column: 1 },
  ];
  it.each(cases)('$name', ({ template, message, line, column }) => {
    let caught: unknown;
    try {
      parseTemplate(template);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    expect((caught as TemplateError).message).toBe(message);
    expect((caught as TemplateError).line).toBe(line);
    expect((caught as TemplateError).column).toBe(column);
  });

  it('rejects a template longer than the maximum', () => {
    expect(() => parseTemplate('a'.repeat(MAX_TEMPLATE_LENGTH + 1))).toThrow(
      `the template is ${MAX_TEMPLATE_LENGTH + 1} characters long, the maximum is ${MAX_TEMPLATE_LENGTH}`,
    );
    expect(parseTemplate('a'.repeat(MAX_TEMPLATE_LENGTH)).parts).toHaveLength(1);
  });
});
