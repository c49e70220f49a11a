import type { ChatPostMessageArguments } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { renderSlackMessage, SLACK_LIMITS, type SlackMessage, type SlackRenderOptions } from '../../../src/deliver/slack/render/slack-message.js';
import { parseTemplate } from '../../../src/render/template.js';
import { FRENCH_TEXT, HOSTILE_TITLE, makeDelivery } from '../../render/delivery-fixture.js';

const Z = '\u200B';
const NBSP = '\u00A0';

/** Every string an untrusted feed could place in a Slack message, with where it goes. */
function texts(message: SlackMessage): { where: string; text: string; kind: 'plain_text' | 'mrkdwn' | 'fallback' }[] {
  const out: { where: string; text: string; kind: 'plain_text' | 'mrkdwn' | 'fallback' }[] = [{ where: 'text', text: message.text, kind: 'fallback' }];
  message.blocks.forEach((block, i) => {
    if (block.type === 'header') out.push({ where: `blocks[${i}]`, text: block.text.text, kind: 'plain_text' });
    if (block.type === 'section' && block.text) out.push({ where: `blocks[${i}]`, text: block.text.text, kind: block.text.type });
    if (block.type === 'context') {
      block.elements.forEach((element, j) => {
        if (element.type === 'mrkdwn' || element.type === 'plain_text') out.push({ where: `blocks[${i}][${j}]`, text: element.text, kind: element.type });
      });
    }
  });
  return out;
}

/** `<` only opens the links veille builds itself. */
function onlyOwnLinks(text: string, allowed: readonly string[]): boolean {
  const opened = text.match(/<[^>]*>/g) ?? [];
  return opened.every((token) => allowed.some((prefix) => token.startsWith(prefix))) && !/<(?![^>]*>)/.test(text);
}

describe('renderSlackMessage', () => {
  it('renders header, section with excerpt and link, context, fallback', () => {
    const message = renderSlackMessage(makeDelivery({ terms: ['cloud souverain', 'SecNumCloud'] }));
    expect(message).toEqual({
      text: 'Le cloud souverain progresse — LeMagIT',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Le cloud souverain progresse', emoji: false } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'Les offres de cloud souverain se multiplient en France.\n<https://www.example.fr/articles/cloud-souverain|Lire l’article>',
            verbatim: true,
          },
        },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: 'LeMagIT', verbatim: true },
            { type: 'mrkdwn', text: '5 mars 2024 à 14:30', verbatim: true },
            { type: 'mrkdwn', text: `Termes${NBSP}: cloud souverain, SecNumCloud`, verbatim: true },
          ],
        },
      ],
    });
    const args: ChatPostMessageArguments = { channel: 'C123', ...message };
    expect(args.channel).toBe('C123');
  });

  const zoneCases: { name: string; options: SlackRenderOptions; expected: string }[] = [
    { name: 'Paris by default', options: {}, expected: '5 mars 2024 à 14:30' },
    { name: 'configured zone', options: { timeZone: 'UTC' }, expected: '5 mars 2024 à 13:30' },
  ];
  it.each(zoneCases)('time: $name', ({ options, expected }) => {
    const context = renderSlackMessage(makeDelivery(), options).blocks[2];
    expect(context?.type === 'context' && context.elements[1]).toEqual({ type: 'mrkdwn', text: expected, verbatim: true });
  });

  it('omits what is empty and never sends an empty text object', () => {
    const message = renderSlackMessage(
      makeDelivery({ item: { title: '', summary: '', source: '', link: 'javascript:alert(1)', published: 'x' }, terms: [] }),
    );
    expect(message).toEqual({
      text: 'Sans titre',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Sans titre', emoji: false } }],
    });
  });

  it('keeps a hostile title inert and within limits', () => {
    const message = renderSlackMessage(makeDelivery({ item: { title: HOSTILE_TITLE, summary: HOSTILE_TITLE } }));
    const header = message.blocks[0];
    expect(header?.type === 'header' && header.text.text.length).toBe(SLACK_LIMITS.headerText);
    // plain_text is never parsed: the title is shown as written.
    expect(header?.type === 'header' && header.text.text.startsWith('@everyone @here <@&123456789012345678>')).toBe(true);
    expect(message.text.startsWith(`@${Z}everyone @${Z}here &lt;@&amp;123456789012345678&gt; &lt;@123&gt; &lt;#456&gt; &lt;!channel&gt; &lt;!here&gt; [x](http://evil.example) *gras*`)).toBe(true);
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    for (const { where, text, kind } of texts(message)) {
      if (kind === 'plain_text') continue;
      expect(onlyOwnLinks(text, ['<https://www.example.fr/articles/cloud-souverain|']), where).toBe(true);
      expect(text.length, where).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
  });

  it('keeps French text intact', () => {
    const message = renderSlackMessage(makeDelivery({ item: { title: FRENCH_TEXT, summary: FRENCH_TEXT, source: 'Les Échos' }, terms: ['électricité'] }));
    expect(message.text).toBe(`${FRENCH_TEXT} — Les Échos`);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: FRENCH_TEXT, emoji: false } });
    const section = message.blocks[1];
    expect(section?.type === 'section' && section.text?.text.startsWith(`${FRENCH_TEXT}\n`)).toBe(true);
  });

  const limitCases: { name: string; options: SlackRenderOptions }[] = [
    { name: 'default layout', options: { excerptMaxLength: 10_000 } },
    { name: 'template repeating everything', options: { template: parseTemplate('*{title}*\n{excerpt}\n{excerpt}\n{terms} {watch} {source} {link}'), excerptMaxLength: 10_000 } },
  ];
  it.each(limitCases)('stays within every limit with huge fields: $name', ({ options }) => {
    const huge = (char: string): string => `${char}&<`.repeat(4000);
    const message = renderSlackMessage(
      makeDelivery({ item: { title: huge('t'), summary: huge('s'), source: huge('o') }, watch: huge('w'), terms: [huge('a')] }),
      options,
    );
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const { where, text, kind } of texts(message)) {
      const max = kind === 'plain_text' ? SLACK_LIMITS.headerText : kind === 'fallback' ? SLACK_LIMITS.fallbackText : SLACK_LIMITS.sectionText;
      expect(text.length, where).toBeLessThanOrEqual(max);
      expect(text.length, where).toBeGreaterThan(0);
      if (kind !== 'plain_text') expect(/&[a-z]*…/.test(text), where).toBe(false);
    }
  });

  it('renders a template into the section text with escaped values', () => {
    const template = parseTemplate('*{title}* ({source}, {published})\n{excerpt}\n{link}\nTermes : {terms} — {watch}');
    const message = renderSlackMessage(
      makeDelivery({ item: { title: 'A & B <!here>', summary: '> 10 % *de* croissance', link: 'https://ex.fr/?a=1&b=2' }, terms: ['snake_case'] }),
      { template },
    );
    const section = message.blocks[1];
    expect(section).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*A &amp; B &lt;!here&gt;* (LeMagIT, 5 mars 2024 à 14:30)\n${Z}&gt; 10 % ${Z}*${Z}de${Z}*${Z} croissance\n<https://ex.fr/?a=1&amp;b=2>\nTermes : snake_case — Cloud souverain`,
        verbatim: true,
      },
    });
  });
});
