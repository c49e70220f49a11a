import type { RESTPostAPIChannelMessageJSONBody, RESTPostAPIWebhookWithTokenJSONBody } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DISCORD_COLOR,
  DISCORD_LIMITS,
  embedLength,
  renderDiscordMessage,
  type DiscordRenderOptions,
} from '../../../src/deliver/discord/render/discord-message.js';
import { parseTemplate } from '../../../src/render/template.js';
import { FRENCH_TEXT, HOSTILE_TITLE, makeDelivery } from '../../render/delivery-fixture.js';

const Z = '\u200B';

describe('renderDiscordMessage', () => {
  it('renders one embed with linked title, source, time, excerpt, terms, watch', () => {
    const message = renderDiscordMessage(makeDelivery({ color: 0x112233, terms: ['cloud souverain', 'SecNumCloud'] }));
    expect(message).toEqual({
      embeds: [
        {
          title: 'Le cloud souverain progresse',
          url: 'https://www.example.fr/articles/cloud-souverain',
          color: 0x112233,
          timestamp: '2024-03-05T13:30:00.000Z',
          author: { name: 'LeMagIT' },
          description: 'Les offres de cloud souverain se multiplient en France.',
          fields: [{ name: 'Termes', value: 'cloud souverain, SecNumCloud', inline: false }],
          footer: { text: 'Cloud souverain' },
        },
      ],
      allowed_mentions: { parse: [] },
    });
    // The same body fits both endpoints' types.
    const webhook: RESTPostAPIWebhookWithTokenJSONBody = message;
    const channel: RESTPostAPIChannelMessageJSONBody = message;
    expect(webhook).toBe(channel);
  });

  const optionCases: { name: string; color?: number; options: DiscordRenderOptions; expected: number }[] = [
    { name: 'watch colour', color: 0xff0000, options: {}, expected: 0xff0000 },
    { name: 'default colour', options: {}, expected: DEFAULT_DISCORD_COLOR },
    { name: 'configured default colour', options: { defaultColor: 0x00ff00 }, expected: 0x00ff00 },
    { name: 'out-of-range colour ignored', color: 0x1000000, options: {}, expected: DEFAULT_DISCORD_COLOR },
    { name: 'fractional colour ignored', color: 1.5, options: {}, expected: DEFAULT_DISCORD_COLOR },
  ];
  it.each(optionCases)('colour: $name', ({ color, options, expected }) => {
    const delivery = makeDelivery(color === undefined ? {} : { color });
    expect(renderDiscordMessage(delivery, options).embeds[0]?.color).toBe(expected);
  });

  const linkCases: { name: string; link: string | undefined; expected: string | undefined }[] = [
    { name: 'https', link: 'https://ex.fr/a', expected: 'https://ex.fr/a' },
    { name: 'javascript refused', link: 'javascript:alert(1)', expected: undefined },
    { name: 'no link', link: undefined, expected: undefined },
  ];
  it.each(linkCases)('link: $name', ({ link, expected }) => {
    const item = makeDelivery().item;
    const { link: _omit, ...rest } = item;
    const delivery = { ...makeDelivery(), item: link === undefined ? rest : { ...rest, link } };
    expect(renderDiscordMessage(delivery).embeds[0]?.url).toBe(expected);
  });

  it('omits what is empty and names an untitled item', () => {
    const embed = renderDiscordMessage(
      makeDelivery({ item: { title: '', summary: '', source: '', published: 'invalid' }, terms: [], watch: '' }),
      { untitledLabel: '(sans titre)' },
    ).embeds[0];
    expect(embed).toEqual({
      title: '(sans titre)',
      url: 'https://www.example.fr/articles/cloud-souverain',
      color: DEFAULT_DISCORD_COLOR,
    });
  });

  it('escapes a hostile title, never builds a link from it, and disables mentions', () => {
    const message = renderDiscordMessage(makeDelivery({ item: { title: HOSTILE_TITLE } }));
    const title = message.embeds[0]?.title ?? '';
    expect(title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(title.startsWith(`@${Z}everyone @${Z}here <${Z}@&123456789012345678> <${Z}@123> <${Z}#456> <!channel> <!here> \\[x\\](http://evil.example) \\*gras\\* xxx`)).toBe(true);
    expect(title.endsWith('x…')).toBe(true);
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  it('keeps French text intact everywhere', () => {
    const embed = renderDiscordMessage(
      makeDelivery({ item: { title: FRENCH_TEXT, summary: FRENCH_TEXT, source: 'Le Monde Informatique' }, watch: 'Énergie', terms: ['électricité'] }),
    ).embeds[0];
    expect(embed?.title).toBe(FRENCH_TEXT);
    expect(embed?.description).toBe(FRENCH_TEXT);
    expect(embed?.author?.name).toBe('Le Monde Informatique');
    expect(embed?.footer?.text).toBe('Énergie');
    expect(embed?.fields?.[0]?.value).toBe('électricité');
  });

  const limitCases: { name: string; options: DiscordRenderOptions }[] = [
    { name: 'default layout', options: {} },
    { name: 'long excerpt allowed', options: { excerptMaxLength: 5000 } },
    { name: 'template repeating everything', options: { template: parseTemplate('{title}\n{excerpt}\n{excerpt}\n{terms}\n{watch}\n{source}\n{title}'), excerptMaxLength: 5000 } },
  ];
  it.each(limitCases)('stays within every limit with huge fields: $name', ({ options }) => {
    const huge = (char: string): string => `${char}*`.repeat(6000);
    const message = renderDiscordMessage(
      makeDelivery({
        item: { title: huge('t'), summary: huge('s'), source: huge('o') },
        watch: huge('w'),
        terms: [huge('a'), huge('b')],
      }),
      options,
    );
    const embed = message.embeds[0];
    expect(embed).toBeDefined();
    if (embed === undefined) return;
    expect(embed.title?.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embed.author?.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.authorName);
    expect(embed.footer?.text.length).toBeLessThanOrEqual(DISCORD_LIMITS.footerText);
    expect(embed.fields?.[0]?.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    expect(embedLength(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(embed.description?.endsWith('…')).toBe(true);
    expect(embed.description).not.toMatch(/(^|[^\\])(\\\\)*\\…$/);
  });

  it('keeps the default excerpt short', () => {
    const embed = renderDiscordMessage(makeDelivery({ item: { summary: 'mot '.repeat(1000) } })).embeds[0];
    expect(embed?.description).toBe(`${'mot '.repeat(99)}mot…`);
    expect(embed?.description?.length).toBe(400);
  });

  it('renders a template into the description with escaped values', () => {
    const template = parseTemplate('**{title}** ({source}, {published})\n{excerpt}\n{link}\nTermes : {terms} — {watch}');
    const embed = renderDiscordMessage(
      makeDelivery({ item: { title: 'Le *cloud* [souverain]', summary: '> 10 % de croissance' }, terms: ['cloud_souverain'] }),
      { template, timeZone: 'Europe/Paris' },
    ).embeds[0];
    expect(embed?.description).toBe(
      '**Le \\*cloud\\* \\[souverain\\]** (LeMagIT, 5 mars 2024 à 14:30)\n\\> 10 % de croissance\nhttps://www.example.fr/articles/cloud-souverain\nTermes : cloud\\_souverain — Cloud souverain',
    );
    // The rest of the embed is unchanged by the template.
    expect(embed?.title).toBe('Le \\*cloud\\* \\[souverain\\]');
    expect(embed?.fields?.[0]?.value).toBe('cloud\\_souverain');
  });

  it('omits the description when the template renders to nothing', () => {
    const embed = renderDiscordMessage(makeDelivery({ item: { summary: '' } }), { template: parseTemplate('{excerpt}') }).embeds[0];
    expect(embed?.description).toBeUndefined();
  });
});
