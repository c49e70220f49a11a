import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDiscordValidator } from '../helpers/openapi-validator.js';
import { slackViolations, startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';

/** The fakes' checks are not vacuous: they reject what Discord and Slack reject. */

describe('Discord OpenAPI validator', () => {
  const validator = loadDiscordValidator();
  const cases: { name: string; body: unknown; errors: string[] }[] = [
    { name: 'valid embed', body: { embeds: [{ title: 't', url: 'https://ex.fr/', timestamp: '2024-03-05T13:30:00.000Z', color: 1 }], allowed_mentions: { parse: [] } }, errors: [] },
    { name: 'title too long', body: { embeds: [{ title: 'x'.repeat(257) }] }, errors: ['/embeds/0/title must NOT have more than 256 characters'] },
    { name: 'colour out of range', body: { embeds: [{ color: 0x1000000 }] }, errors: ['/embeds/0/color must be <= 16777215'] },
    { name: 'bad mention type', body: { allowed_mentions: { parse: ['everybody'] } }, errors: ['/allowed_mentions/parse/0 must match exactly one schema in oneOf'] },
    { name: 'unknown property', body: { embed: {} }, errors: ['/ unknown property "embed"'] },
    { name: 'embeds over 6000 in total', body: { embeds: [{ description: 'x'.repeat(4096) }, { description: 'y'.repeat(2000) }] }, errors: ['/embeds total of 6096 characters exceeds 6000'] },
  ];
  it.each(cases)('webhook body: $name', ({ body, errors }) => {
    const found = validator.webhookExecute(body);
    for (const error of errors) expect(found).toContain(error);
    if (errors.length === 0) expect(found).toEqual([]);
  });

  it('channel message body: content up to 4000 per the spec', () => {
    expect(validator.channelMessage({ content: 'x'.repeat(4000) })).toEqual([]);
    expect(validator.channelMessage({ content: 'x'.repeat(4001) })).toContain('/content must NOT have more than 4000 characters');
  });
});

describe('fake servers', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  beforeAll(async () => {
    discord = await startFakeDiscord({ webhooks: [{ id: '123456789012345678', token: 'tok' }] });
    slack = await startFakeSlack({ webhooks: [{ team: 'T1', hook: 'B1', secret: 's' }] });
  });
  afterAll(async () => {
    await discord.close();
    await slack.close();
  });

  it('Discord answers an invalid body with 400 Invalid Form Body and records why', async () => {
    const response = await fetch(`${discord.apiBase}/v10/webhooks/123456789012345678/tok?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ embeds: [{ title: 'x'.repeat(300) }] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: number }).code).toBe(50035);
    expect(discord.requests[0]?.schemaErrors).toContain('/embeds/0/title must NOT have more than 256 characters');
  });

  it('Discord answers 204 without wait and 404 for unknown webhooks', async () => {
    const post = (path: string) => fetch(`${discord.apiBase}/v10${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":"a"}' });
    expect((await post('/webhooks/123456789012345678/tok')).status).toBe(204);
    const unknown = await post('/webhooks/999999999999999999/tok');
    expect([unknown.status, await unknown.json()]).toEqual([404, { message: 'Unknown Webhook', code: 10015 }]);
  });

  it('Slack answers 400 invalid_blocks for a header over 150 characters', async () => {
    const response = await fetch(slack.webhookUrl('T1', 'B1', 's'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'a', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] }),
    });
    expect([response.status, await response.text()]).toEqual([400, 'invalid_blocks']);
  });

  const slackCases: { name: string; payload: Record<string, unknown>; violations: string[] }[] = [
    { name: 'valid', payload: { text: 'a', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'b', verbatim: true } }] }, violations: [] },
    { name: 'empty section text', payload: { text: 'a', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '' } }] }, violations: ['blocks[0].text: text length 0 not in 1..3000'] },
    { name: 'mrkdwn header', payload: { text: 'a', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'b' } }] }, violations: ['blocks[0].text: expected a plain_text text object'] },
    { name: 'too many blocks', payload: { text: 'a', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, violations: ['blocks: 51 > 50'] },
    { name: 'empty context', payload: { text: 'a', blocks: [{ type: 'context', elements: [] }] }, violations: ['blocks[0].elements: 1..10 required'] },
  ];
  it.each(slackCases)('Slack violations: $name', ({ payload, violations }) => {
    expect(slackViolations(payload)).toEqual(violations);
  });
});
