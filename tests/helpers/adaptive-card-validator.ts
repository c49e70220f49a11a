import { isDeepStrictEqual } from 'node:util';
import { createRequire } from 'node:module';
import { adaptiveCardSchemaViolations } from './adaptive-card-schema.js';

/**
 * Validates Adaptive Cards twice: against the Adaptive Cards 1.4 JSON schema (a copy of Microsoft's,
 * see adaptive-card-schema.ts), and with Microsoft's own object model (the `adaptivecards` npm
 * package, the renderer Teams' web client is built on): (1) parsing the card reports no warning
 * (unknown element or action type, unsupported version...) and (2) serialising it back gives the
 * same JSON: the object model drops unknown properties and replaces values outside an enum
 * (`weight: "Heavy"`) or of the wrong type (`wrap: "yes"`), so any of those shows up as a difference.
 */
const require = createRequire(import.meta.url);
// The package's ESM build does not load in Node (extensionless imports); its UMD bundle does.
const AdaptiveCards = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void; toJSON(): unknown };
  SerializationContext: new () => { readonly eventCount: number; getEventAt(index: number): { message: string } };
};

export function adaptiveCardViolations(card: unknown): string[] {
  const out = adaptiveCardSchemaViolations(card);
  const model = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  model.parse(card, context);
  for (let index = 0; index < context.eventCount; index += 1) out.push(`parse: ${context.getEventAt(index).message}`);
  const back = model.toJSON();
  if (!isDeepStrictEqual(back, card)) out.push(`does not survive the object model: sent ${JSON.stringify(card)}, understood ${JSON.stringify(back)}`);
  return out;
}

/** Violations of a Teams webhook message: one Adaptive Card attachment, and the card itself. */
export function teamsMessageViolations(payload: unknown): string[] {
  const message = payload as { type?: unknown; attachments?: unknown };
  if (message?.type !== 'message') return ['type: expected "message"'];
  if (!Array.isArray(message.attachments) || message.attachments.length === 0) return ['attachments: expected a non-empty list'];
  return message.attachments.flatMap((attachment: { contentType?: unknown; content?: unknown }, index) =>
    attachment?.contentType !== 'application/vnd.microsoft.card.adaptive'
      ? [`attachments[${index}].contentType: expected application/vnd.microsoft.card.adaptive`]
      : adaptiveCardViolations(attachment.content).map((violation) => `attachments[${index}].content: ${violation}`),
  );
}
