import { describe, expect, it } from 'vitest';
import { embedLength, DISCORD_LIMITS } from '../../../src/deliver/discord/render/discord-message.js';
import { outletLines, renderDiscordStoryEdit } from '../../../src/deliver/discord/render/discord-story-edit.js';
import type { StoryPost } from '../../../src/deliver/destination.js';
import { loadDiscordValidator } from '../../helpers/openapi-validator.js';

const lead = {
  item: { id: 'a', storyKey: 'https://a.example/1', source: 'LeMagIT', title: 'Huawei ouvre un centre de recherche à Grenoble', link: 'https://a.example/1', summary: 'x'.repeat(380), categories: [], published: '2026-01-01T00:00:00.000Z', publishedFromFeed: true },
  watch: 'cloud',
  terms: ['Huawei'],
};
const post = (also: StoryPost['also']): StoryPost => ({ destination: 'hook', storyId: 's', ref: { messageId: '1' }, lead, also, updatedAt: '2026-01-01T00:00:00.000Z' });

describe('the Discord webhook edit of a story\'s first message', () => {
  it.each([
    { name: 'links, escaped names, no link', also: [{ source: 'ZDNet', title: 't', link: 'https://z.example/a(b)' }, { source: 'Le_Monde*', title: 't' }], room: 1024, value: '[ZDNet](https://z.example/a%28b%29)\nLe\\_Monde\\*' },
    { name: 'a link that is not http(s) is left out', also: [{ source: 'X', title: 't', link: 'javascript:alert(1)' }], room: 1024, value: 'X' },
    { name: 'past the room, +N autres', also: [{ source: 'Alpha', title: 't' }, { source: 'Bravo', title: 't' }, { source: 'Charlie', title: 't' }], room: 16, value: 'Alpha\n+2 autres' },
    { name: 'all fit exactly', also: [{ source: 'A', title: 't' }, { source: 'B', title: 't' }], room: 3, value: 'A\nB' },
  ])('$name', ({ also, room, value }) => {
    expect(outletLines(also, room)).toBe(value);
  });

  it('keeps the first embed and adds the outlets within Discord\'s limits, the body valid for the PATCH operation', () => {
    const many = Array.from({ length: 200 }, (_, index) => ({ source: `Outlet ${index}`, title: 't', link: `https://outlet${index}.example/${'p'.repeat(60)}` }));
    const body = renderDiscordStoryEdit(post(many));
    const [embed] = body.embeds;
    const field = embed.fields?.at(-1);
    expect(field?.name).toBe('Aussi chez');
    expect(field?.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    expect(field?.value).toMatch(/\n\+\d+ autres$/);
    expect(embedLength(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(loadDiscordValidator().webhookEdit(body)).toEqual([]);
    expect(renderDiscordStoryEdit(post([]))).toEqual(renderDiscordStoryEdit(post([])));
    expect(renderDiscordStoryEdit(post([])).embeds[0].fields?.map((f) => f.name)).toEqual(['Termes']);
  });
});
