import { describe, expect, it } from 'vitest';
import { adaptiveCardSchemaViolations } from '../../helpers/adaptive-card-schema.js';
import { adaptiveCardViolations } from '../../helpers/adaptive-card-validator.js';

// The validator the Teams tests rely on must itself say no to cards Teams would not render.
const valid = {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  type: 'AdaptiveCard',
  version: '1.4',
  body: [
    { type: 'TextBlock', text: '[Titre](https://www.example.fr/a)', wrap: true, weight: 'Bolder', size: 'Medium' },
    { type: 'FactSet', facts: [{ title: 'Source', value: 'LeMagIT' }] },
  ],
  actions: [{ type: 'Action.OpenUrl', title: 'Lire', url: 'https://www.example.fr/a' }],
};

const textBlock = (extra: Record<string, unknown>) => ({ ...valid, body: [{ type: 'TextBlock', text: 'x', ...extra }] });

describe('Adaptive Cards 1.4 schema (Microsoft copy)', () => {
  it('accepts the card shape veille sends', () => {
    expect(adaptiveCardSchemaViolations(valid)).toEqual([]);
    expect(adaptiveCardViolations(valid)).toEqual([]);
  });

  it.each([
    ['an unknown element type', { ...valid, body: [{ type: 'Marquee', text: 'x' }] }],
    ['a weight outside the enum', textBlock({ weight: 'Heavy' })],
    ['wrap that is not a boolean', textBlock({ wrap: 'yes' })],
    ['a TextBlock without text', { ...valid, body: [{ type: 'TextBlock', wrap: true }] }],
    ['an action without url', { ...valid, actions: [{ type: 'Action.OpenUrl', title: 'Lire' }] }],
    ['a fact without value', { ...valid, body: [{ type: 'FactSet', facts: [{ title: 'Source' }] }] }],
    ['another type than AdaptiveCard', { ...valid, type: 'MessageCard' }],
  ])('refuses %s', (_what, card) => {
    expect(adaptiveCardSchemaViolations(card).length).toBeGreaterThan(0);
    expect(adaptiveCardViolations(card).length).toBeGreaterThan(0);
  });
});
