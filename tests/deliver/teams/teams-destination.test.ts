import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery } from '../../../src/deliver/destination.js';
import { escapeTeamsText } from '../../../src/deliver/teams/render/teams-escape.js';
import { payloadBytes, renderTeamsMessage, type TeamsCard, type TeamsFactSet, type TeamsMessage, type TeamsTextBlock } from '../../../src/deliver/teams/render/teams-card.js';
import { renderTeamsFollowUp } from '../../../src/deliver/teams/render/teams-follow-up.js';
import { createTeamsDestination } from '../../../src/deliver/teams/teams-destination.js';
import type { StoryPost } from '../../../src/store/store.js';
import { TEAMS_MAX_PAYLOAD_BYTES, TEAMS_PACING } from '../../../src/deliver/teams/teams-limits.js';
import { parseTemplate } from '../../../src/render/template.js';
import { teamsMessageViolations } from '../../helpers/adaptive-card-validator.js';
import { startFakeTeams, type FakeTeams } from '../../helpers/fake-teams.js';
import { FRENCH_TEXT, HOSTILE_TITLE, makeDelivery } from '../../render/delivery-fixture.js';
import { deliveryFailure, printed, sendOne } from '../delivery-failure.js';

const WORKFLOW = 'a1b2c3d4e5f6478899aabbccddeeff00';
const SIG = 'teamsSignatureSECRET_0123456789abcdef';

let fake: FakeTeams;
beforeAll(async () => {
  fake = await startFakeTeams({ workflows: [{ id: WORKFLOW, sig: SIG }] });
});
afterAll(() => fake.close());

function cardOf(message: unknown): TeamsCard {
  return (message as TeamsMessage).attachments[0].content;
}

/** Every feed-derived text of a card: title, fact values, summary. */
function texts(card: TeamsCard): string[] {
  return card.body.flatMap((element) => (element.type === 'TextBlock' ? [(element as TeamsTextBlock).text] : (element as TeamsFactSet).facts.map((f) => f.value)));
}

/** Text after Markdown: backslash escapes resolved (what a reader sees, if nothing else is markup). */
function unescape(text: string): string {
  return text.replace(/\\([\\`*_{}[\]()#+\-.!<>|~&])/g, '$1');
}

/** Markdown or mention syntax that is NOT escaped (a backslash before each mark makes it text). */
function liveMarkup(text: string): string[] {
  return [...text.matchAll(/(?<!\\)(?:\\\\)*([*_[\]()<>`~#|&])/g)].map((m) => m[1] ?? '');
}

function withoutLink(delivery: Delivery): Delivery {
  const { link: _link, ...item } = delivery.item;
  return { ...delivery, item };
}

const hostile: Delivery = makeDelivery({
  item: { title: HOSTILE_TITLE, summary: `- liste\n1. numéro\n# titre <at>Tout le monde</at> **gras** _it_ [lien](http://evil.example) &lt;at&gt; ${HOSTILE_TITLE}`, source: '<at>Direction</at> **Presse**' },
  watch: '<at>everyone</at>',
  terms: ['[x](http://evil.example)', '**'],
});

describe('Teams workflow destination', () => {
  it('posts one valid Adaptive Card: linked title, source, date, terms, watch, summary, open button', async () => {
    const destination = createTeamsDestination({ name: 'équipe', webhookUrl: fake.webhookUrl(WORKFLOW, SIG), timeZone: 'Europe/Paris' });
    expect([destination.type, destination.batchLimit, destination.pacing]).toEqual(['teams', 1, TEAMS_PACING]);
    await sendOne(destination, makeDelivery());
    const request = fake.requests.at(-1);
    expect(request?.violations).toEqual([]);
    expect(cardOf(request?.payload)).toEqual({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body: [
        { type: 'TextBlock', text: '[Le cloud souverain progresse](https://www.example.fr/articles/cloud-souverain)', wrap: true, weight: 'Bolder', size: 'Medium' },
        {
          type: 'FactSet',
          facts: [
            { title: 'Source', value: 'LeMagIT' },
            { title: 'Publié', value: '5 mars 2024 à 14:30' },
            { title: 'Termes', value: 'cloud souverain' },
            { title: 'Veille', value: 'Cloud souverain' },
          ],
        },
        { type: 'TextBlock', text: 'Les offres de cloud souverain se multiplient en France\\.', wrap: true },
      ],
      actions: [{ type: 'Action.OpenUrl', title: 'Lire l’article', url: 'https://www.example.fr/articles/cloud-souverain' }],
    });
  });

  it.each([
    ['hostile', hostile],
    ['French', makeDelivery({ item: { title: FRENCH_TEXT, summary: FRENCH_TEXT, source: 'Les Échos' }, watch: 'Énergie', terms: ['électricité', 'État'] })],
    ['no link, no summary, no terms', withoutLink(makeDelivery({ item: { summary: '' }, terms: [] }))],
    ['javascript: link', makeDelivery({ item: { link: 'javascript:alert(1)' } })],
    ['a link with parentheses', makeDelivery({ item: { link: 'https://fr.wikipedia.org/wiki/Cloud_(informatique)' } })],
    ['30,000 characters of multi-byte text', makeDelivery({ item: { title: 'é'.repeat(30_000), summary: '€'.repeat(30_000), source: '😀'.repeat(5_000) }, terms: Array.from({ length: 200 }, (_, i) => `terme-${i}-é`) })],
  ])('the %s item: valid card, under 28 KB, accepted', async (_name, delivery) => {
    const destination = createTeamsDestination({ name: 't', webhookUrl: fake.webhookUrl(WORKFLOW, SIG) });
    await sendOne(destination, delivery);
    const request = fake.requests.at(-1);
    expect(request?.violations).toEqual([]);
    expect(request?.bytes).toBeLessThanOrEqual(TEAMS_MAX_PAYLOAD_BYTES);
  });

  it('keeps hostile feed text inert: no live Markdown, no mention tag, and it reads as written', () => {
    const card = cardOf(renderTeamsMessage(hostile));
    const [title, ...rest] = texts(card);
    // The title is our one link: [escaped text](url), nothing live inside the brackets.
    const link = /^\[(.*)\]\((https:\/\/[^()\s]+)\)$/s.exec(title ?? '');
    expect(link?.[2]).toBe('https://www.example.fr/articles/cloud-souverain');
    for (const text of [link?.[1] ?? '', ...rest]) {
      expect(liveMarkup(text)).toEqual([]);
      expect(text).not.toMatch(/(?<!\\)<at>/);
    }
    expect(unescape(rest[0] ?? '')).toBe('<at>Direction</at> **Presse**');
    expect(unescape(rest.at(-1) ?? '').startsWith('- liste 1. numéro # titre <at>Tout le monde</at> **gras** _it_ [lien](http://evil.example) &lt;at&gt; @everyone')).toBe(true);
    // A list marker, a heading or a numbered item cannot start a line: newlines are gone and marks escaped.
    expect(rest.at(-1)).toMatch(/^\\- liste 1\\\. numéro \\# titre/);
  });

  it('escapes every Markdown mark and never splits an escape when it shortens text', () => {
    expect(escapeTeamsText('a*b_c [d](e) <at>f</at> `g` ~h~ #i 1. j & k\\')).toBe(
      'a\\*b\\_c \\[d\\]\\(e\\) \\<at\\>f\\</at\\> \\`g\\` \\~h\\~ \\#i 1\\. j \\& k\\\\',
    );
    const card = cardOf(renderTeamsMessage(makeDelivery({ item: { summary: '*'.repeat(5000) } })));
    const summary = texts(card).at(-1) ?? '';
    expect(summary.endsWith('…')).toBe(true);
    expect(/(?<!\\)(\\\\)*\\…$/.test(summary)).toBe(false);
  });

  it('shrinks the summary, and only it, to fit the payload limit', () => {
    const delivery = makeDelivery({ item: { summary: 'résumé '.repeat(2000) } });
    const full = renderTeamsMessage(delivery);
    const fitted = renderTeamsMessage(delivery, { maxPayloadBytes: payloadBytes(full) - 500 });
    expect(payloadBytes(fitted)).toBeLessThanOrEqual(payloadBytes(full) - 500);
    expect(cardOf(fitted).body.slice(0, 2)).toEqual(cardOf(full).body.slice(0, 2));
    expect(teamsMessageViolations(fitted)).toEqual([]);
  });

  it('renders a template in the summary block with escaped values', async () => {
    const destination = createTeamsDestination({
      name: 't',
      webhookUrl: fake.webhookUrl(WORKFLOW, SIG),
      template: parseTemplate('{source} — {title}: {excerpt}'),
    });
    await sendOne(destination, makeDelivery({ item: { title: '**Alerte**', summary: '<at>x</at>' } }));
    const request = fake.requests.at(-1);
    expect(request?.violations).toEqual([]);
    expect(texts(cardOf(request?.payload)).at(-1)).toBe('LeMagIT — \\*\\*Alerte\\*\\*: \\<at\\>x\\</at\\>');
  });

  it('classifies answers: 429 waits Retry-After, 401/404 disable, 400 is permanent, 5xx retries; the signature never shows', async () => {
    const destination = createTeamsDestination({ name: 't', webhookUrl: fake.webhookUrl(WORKFLOW, SIG) });
    fake.enqueue(
      { status: 429, headers: { 'retry-after': '7' }, body: { error: { code: 'TooManyRequests', message: 'Rate limit is exceeded.' } } },
      { status: 400, body: { error: { code: 'InvalidRequestContent', message: 'bad card' } } },
      { status: 502 },
    );
    const limited = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect([limited.outcome, limited.retryAfterMs, limited.message]).toEqual(['rate-limited', 7000, 'Teams workflow "t": HTTP 429 Rate limit is exceeded.']);
    const refused = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect([refused.outcome, refused.status]).toEqual(['permanent', 400]);
    const flaky = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect([flaky.outcome, flaky.status]).toEqual(['retry', 502]);

    const wrongSig = createTeamsDestination({ name: 't', webhookUrl: fake.webhookUrl(WORKFLOW, 'not-the-sig') });
    const unauthorized = await deliveryFailure(sendOne(wrongSig, makeDelivery()));
    expect([unauthorized.outcome, unauthorized.status]).toEqual(['disable', 401]);
    const deleted = createTeamsDestination({ name: 't', webhookUrl: fake.webhookUrl('0000', SIG) });
    const gone = await deliveryFailure(sendOne(deleted, makeDelivery()));
    expect([gone.outcome, gone.status, gone.message]).toEqual(['disable', 404, 'Teams workflow "t": HTTP 404 The workflow could not be found.']);
    for (const error of [limited, refused, flaky, unauthorized, gone]) expect(printed(error)).not.toContain(SIG);
  });

  it('times out and reports network errors as transient, without the URL', async () => {
    const destination = createTeamsDestination({ name: 't', webhookUrl: `http://127.0.0.1:1/workflows/${WORKFLOW}/triggers/manual/paths/invoke?sig=${SIG}` });
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect(error.outcome).toBe('retry');
    expect(error.message).toMatch(/^Teams workflow "t": network error/);
    expect(printed(error)).not.toContain(SIG);
  });

  const badSettings = [
    { name: 'not a URL', webhookUrl: 'workflows/x', message: 'destination "d": webhookUrl is not a URL' },
    { name: 'not a workflow trigger', webhookUrl: 'https://example.webhook.office.com/webhookb2/abc', message: 'destination "d": webhookUrl is not a Teams workflow URL' },
    { name: 'plain http off loopback', webhookUrl: `http://prod.westeurope.logic.azure.com/workflows/${WORKFLOW}/triggers/manual/paths/invoke?sig=${SIG}`, message: 'destination "d": webhookUrl is not a Teams workflow URL' },
  ];
  it.each(badSettings)('rejects bad settings without echoing the secret: $name', ({ webhookUrl, message }) => {
    expect(() => createTeamsDestination({ name: 'd', webhookUrl })).toThrow(message);
    try {
      createTeamsDestination({ name: 'd', webhookUrl });
    } catch (error) {
      expect(printed(error)).not.toContain(SIG);
    }
  });
});

describe('Teams: later coverage of a story', () => {
  const parent: StoryPost = {
    destination: 'équipe',
    storyId: 'story-1',
    ref: {},
    lead: { item: makeDelivery({ item: { title: 'Bleu obtient la qualification SecNumCloud', source: 'LeMagIT' } }).item, watch: 'cloud', terms: ['SecNumCloud'] },
    also: [],
    updatedAt: '2024-03-05T14:00:00.000Z',
  };
  const followUp = (overrides: Parameters<typeof makeDelivery>[0] = {}): Delivery => ({
    ...makeDelivery({ item: { title: 'SecNumCloud : l’Anssi qualifie Bleu', source: 'LMI', link: 'https://lmi.example/bleu', published: '2024-03-05T13:40:00.000Z' }, ...overrides }),
    story: { id: 'story-1', parent },
  });

  it('is a compact card naming the post it follows: who, when, the linked headline, no facts or summary', () => {
    const message = renderTeamsFollowUp(followUp(), parent, { timeZone: 'Europe/Paris' });
    expect(teamsMessageViolations(message)).toEqual([]);
    expect(cardOf(message).actions).toBeUndefined();
    expect(cardOf(message).body.map((block) => (block.type === 'TextBlock' ? unescape(block.text) : block.type))).toEqual([
      'Aussi chez LMI · 5 mars 2024 à 14:40',
      '[SecNumCloud : l’Anssi qualifie Bleu](https://lmi.example/bleu)',
      'Suite de « Bleu obtient la qualification SecNumCloud » (LeMagIT)',
    ]);
  });

  it('keeps hostile text inert in the follow-up and in the headline it follows', () => {
    const hostileParent: StoryPost = { ...parent, lead: { ...parent.lead, item: { ...parent.lead.item, title: HOSTILE_TITLE, source: '<at>Direction</at>' } } };
    const message = renderTeamsFollowUp({ ...hostile, story: { id: 'story-1', parent: hostileParent } }, hostileParent);
    expect(teamsMessageViolations(message)).toEqual([]);
    const [who, title, follows] = texts(cardOf(message));
    const link = /^\[(.*)\]\((https:\/\/[^()\s]+)\)$/s.exec(title ?? '');
    for (const text of [who ?? '', link?.[1] ?? '', follows ?? '']) {
      expect(liveMarkup(text)).toEqual([]);
      expect(text).not.toMatch(/(?<!\\)<at>/);
    }
  });

  it('posts the compact card for a follow-up and says it was attached; a story’s first post says it can be followed', async () => {
    const destination = createTeamsDestination({ name: 'équipe', webhookUrl: fake.webhookUrl(WORKFLOW, SIG), timeZone: 'Europe/Paris' });
    const before = fake.requests.length;
    const results = await destination.send([{ ...makeDelivery(), story: { id: 'story-1' } }, followUp()]);
    expect(results).toEqual([
      { delivered: true, story: { attached: false, ref: {} } },
      { delivered: true, story: { attached: true, ref: {} } },
    ]);
    const sent = fake.requests.slice(before);
    expect(sent.map((request) => request.violations)).toEqual([[], []]);
    expect(texts(cardOf(sent[1]?.payload))[0]).toBe('Aussi chez LMI · 5 mars 2024 à 14:40');
    expect(await destination.send([makeDelivery()])).toEqual([{ delivered: true }]);
  });
});

describe('Teams fingerprint', () => {
  it('changes with the signature (a regenerated URL re-enables a disabled destination) and never holds it', () => {
    const a = createTeamsDestination({ name: 't', webhookUrl: fake.webhookUrl(WORKFLOW, SIG) });
    const b = createTeamsDestination({ name: 't', webhookUrl: fake.webhookUrl(WORKFLOW, 'regenerated') });
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(a.fingerprint).toBe(createTeamsDestination({ name: 'other', webhookUrl: fake.webhookUrl(WORKFLOW, SIG) }).fingerprint);
    expect(a.fingerprint).not.toContain(SIG);
  });
});
