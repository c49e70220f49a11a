import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConsoleDigest } from '../../src/deliver/console/render/console-digest.js';
import { renderDiscordDigest } from '../../src/deliver/discord/render/discord-digest.js';
import { embedLength } from '../../src/deliver/discord/render/discord-message.js';
import { renderMatrixDigest } from '../../src/deliver/matrix/render/matrix-digest.js';
import { renderSlackDigest } from '../../src/deliver/slack/render/slack-digest.js';
import { payloadBytes } from '../../src/deliver/teams/render/teams-card.js';
import { renderTeamsDigest } from '../../src/deliver/teams/render/teams-digest.js';
import { TEAMS_MAX_PAYLOAD_BYTES } from '../../src/deliver/teams/teams-limits.js';
import { buildDigests } from '../../src/digest/build-digest.js';
import type { FeedItem } from '../../src/parse/feed-item.js';
import { fitLines, type Digest } from '../../src/render/digest.js';
import type { DigestEntry } from '../../src/store/store.js';
import { teamsMessageViolations } from '../helpers/adaptive-card-validator.js';
import { slackViolations } from '../helpers/fake-slack.js';
import { loadDiscordValidator } from '../helpers/openapi-validator.js';

const PERIOD = '2026-03-03T07:00:00.000Z';
const HOSTILE = '@everyone <!channel> <@U123> <script>alert(1)</script> [x](javascript:alert(1)) **gras** _i_ <at>Bob</at>';

function item(n: number, overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    id: `id-${n}`,
    storyKey: `https://news.example/${n}`,
    source: 'Flux',
    title: `Titre ${n}`,
    link: `https://news.example/${n}`,
    summary: '',
    categories: [],
    published: new Date(Date.parse('2026-03-02T08:00:00Z') + n * 60_000).toISOString(),
    publishedFromFeed: true,
    ...overrides,
  };
}

function digestOf(count: number, overrides: (n: number) => Partial<FeedItem> = () => ({})): Digest {
  return {
    watch: 'cloud',
    period: PERIOD,
    key: 'k',
    stories: Array.from({ length: count }, (_, index) => {
      const n = count - index;
      return { storyKey: `s${n}`, lines: [{ item: item(n, overrides(n)), source: 'Flux', terms: ['Huawei'] }] };
    }),
  };
}

const long = (n: number) => ({ title: `${'T'.repeat(300)}${n}` });

describe('digest renderers: as few messages as the platform limits allow', () => {
  it.each([
    { kind: 'discord', count: 15, overrides: () => ({}), parts: [10, 5] },
    { kind: 'discord', count: 1, overrides: () => ({}), parts: [1] },
    { kind: 'discord', count: 25, overrides: long, parts: [10, 10, 5] },
    { kind: 'slack', count: 15, overrides: () => ({}), parts: [15] },
    { kind: 'slack', count: 120, overrides: () => ({}), parts: [49, 50, 21] },
    { kind: 'teams', count: 15, overrides: () => ({}), parts: [15] },
    { kind: 'matrix', count: 15, overrides: () => ({}), parts: [15] },
    { kind: 'console', count: 15, overrides: () => ({}), parts: [15] },
    { kind: 'discord', count: 0, overrides: () => ({}), parts: [] },
    { kind: 'slack', count: 0, overrides: () => ({}), parts: [] },
    { kind: 'teams', count: 0, overrides: () => ({}), parts: [] },
    { kind: 'matrix', count: 0, overrides: () => ({}), parts: [] },
    { kind: 'console', count: 0, overrides: () => ({}), parts: [] },
  ])('$kind: $count stories -> $parts', ({ kind, count, overrides, parts }) => {
    const digest = digestOf(count, overrides);
    const render = {
      discord: () => renderDiscordDigest(digest, { timeZone: 'Europe/Paris' }),
      slack: () => renderSlackDigest(digest, { timeZone: 'Europe/Paris' }),
      teams: () => renderTeamsDigest(digest, { timeZone: 'Europe/Paris', maxPayloadBytes: TEAMS_MAX_PAYLOAD_BYTES }),
      matrix: () => renderMatrixDigest(digest, { timeZone: 'Europe/Paris' }),
      console: () => renderConsoleDigest(digest, 'Europe/Paris'),
    }[kind as 'discord'];
    expect(render().map((part) => part.stories)).toEqual(parts);
  });

  it('Discord: at most 10 embeds and 6000 embed characters a message, every body valid against the OpenAPI schema', () => {
    const validator = loadDiscordValidator();
    const digest = digestOf(40, (n) => ({ title: `${HOSTILE} ${'x'.repeat(200)} ${n}` }));
    digest.stories.forEach((story) => Object.assign(story, { lines: Array.from({ length: 30 }, () => story.lines[0]) }));
    const parts = renderDiscordDigest(digest, { timeZone: 'Europe/Paris' });
    expect(parts.reduce((sum, part) => sum + part.stories, 0)).toBe(40);
    for (const part of parts) {
      expect(part.body.embeds.length).toBeLessThanOrEqual(10);
      expect(part.body.embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(6000);
      expect(validator.webhookExecute(part.body)).toEqual([]);
      expect(part.body.allowed_mentions).toEqual({ parse: [] });
    }
    expect(parts.length).toBeGreaterThan(4);
  });

  it('Slack: blocks within Block Kit limits, feed text escaped', () => {
    const parts = renderSlackDigest(digestOf(60, () => ({ title: HOSTILE, link: 'https://news.example/a?b=1&c=<2>' })), { timeZone: 'Europe/Paris' });
    for (const part of parts) expect(slackViolations(part.body as unknown as Record<string, unknown>)).toEqual([]);
    const text = parts[0]?.body.blocks[1]?.type === 'section' ? (parts[0].body.blocks[1].text?.text ?? '') : '';
    expect(text).not.toMatch(/<!channel>|<@U123>|<script>/);
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('Teams: each payload under 28 KB and valid against the Adaptive Cards schema, feed text escaped', () => {
    const parts = renderTeamsDigest(digestOf(300, (n) => ({ title: `${HOSTILE} ${'y'.repeat(300)} ${n}` })), { timeZone: 'Europe/Paris', maxPayloadBytes: TEAMS_MAX_PAYLOAD_BYTES });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.reduce((sum, part) => sum + part.stories, 0)).toBe(300);
    for (const part of parts) {
      expect(payloadBytes(part.body)).toBeLessThanOrEqual(TEAMS_MAX_PAYLOAD_BYTES);
      expect(teamsMessageViolations(part.body)).toEqual([]);
    }
    expect(JSON.stringify(parts[0]?.body)).not.toContain('](javascript:');
  });

  it('Matrix: one m.notice, plain body and HTML-escaped formatted_body, nobody mentioned', () => {
    const [part] = renderMatrixDigest(digestOf(2, () => ({ title: HOSTILE })), { timeZone: 'Europe/Paris' });
    expect(part?.body.msgtype).toBe('m.notice');
    expect(part?.body['m.mentions']).toEqual({});
    expect(part?.body.formatted_body).not.toMatch(/<script>|<at>/);
    expect(part?.body.formatted_body).toContain('&lt;script&gt;');
    expect(part?.body.body.split('\n').slice(0, 4)).toEqual([
      'Digest « cloud » · mardi 3 mars 2026 · 2 articles',
      `- ${HOSTILE}`,
      '  https://news.example/2',
      '  Flux · 2 mars 09:02',
    ]);
  });
});

describe('digest renderers: a story told by several sources links each source to its article', () => {
  // One story from three outlets (newest first), one from a single outlet.
  const line = (n: number, source: string) => ({ item: item(n, { source, link: `https://news.example/${n}?a=1&b=(2)` }), source, terms: ['Huawei'] });
  const digest: Digest = {
    watch: 'cloud',
    period: PERIOD,
    key: 'k',
    stories: [
      { storyKey: 'a', lines: [line(3, 'LMI'), line(2, 'Silicon [fr]'), line(1, 'LeMagIT')] },
      { storyKey: 'b', lines: [line(0, 'ZDNet')] },
    ],
  };

  const teamsTexts = () =>
    (renderTeamsDigest(digest, { timeZone: 'Europe/Paris' })[0]?.body.attachments[0]?.content.body ?? []).flatMap((block) => (block.type === 'TextBlock' ? [block] : []));

  it.each([
    {
      kind: 'discord',
      heading: () => renderDiscordDigest(digest, { timeZone: 'Europe/Paris' })[0]?.body.content,
      lines: () => renderDiscordDigest(digest, { timeZone: 'Europe/Paris' })[0]?.body.embeds.map((embed) => embed.description),
      expected: [
        '[LMI](https://news.example/3?a=1&b=%282%29) · 2 mars 09:03\n[Silicon \\[fr\\]](https://news.example/2?a=1&b=%282%29) · 2 mars 09:02\n[LeMagIT](https://news.example/1?a=1&b=%282%29) · 2 mars 09:01',
        'ZDNet · 2 mars 09:00',
      ],
    },
    {
      kind: 'slack',
      heading: () => renderSlackDigest(digest, { timeZone: 'Europe/Paris' })[0]?.body.text,
      lines: () => renderSlackDigest(digest, { timeZone: 'Europe/Paris' })[0]?.body.blocks.slice(1).map((block) => (block.type === 'section' ? block.text?.text.split('\n').slice(1).join('\n') : '')),
      expected: [
        '<https://news.example/3?a=1&amp;b=(2)|LMI> · 2 mars 09:03\n<https://news.example/2?a=1&amp;b=(2)|Silicon [fr]> · 2 mars 09:02\n<https://news.example/1?a=1&amp;b=(2)|LeMagIT> · 2 mars 09:01',
        'ZDNet · 2 mars 09:00',
      ],
    },
    {
      kind: 'teams',
      heading: () => (teamsTexts()[0]?.text ?? '').replace(/\\/g, ''),
      lines: () => teamsTexts().filter((block) => block.isSubtle === true).map((block) => block.text),
      expected: [
        '[LMI](https://news.example/3?a=1&b=%282%29) · 2 mars 09:03\n\n[Silicon \\[fr\\]](https://news.example/2?a=1&b=%282%29) · 2 mars 09:02\n\n[LeMagIT](https://news.example/1?a=1&b=%282%29) · 2 mars 09:01',
        'ZDNet · 2 mars 09:00',
      ],
    },
    {
      kind: 'matrix',
      heading: () => renderMatrixDigest(digest, { timeZone: 'Europe/Paris' })[0]?.body.body.split('\n')[0],
      lines: () => renderMatrixDigest(digest, { timeZone: 'Europe/Paris' })[0]?.body.formatted_body.match(/<li>.*?<\/li>/g)?.map((li) => li.split('<br>').slice(1).join('<br>').replace('</li>', '')),
      expected: [
        '<a href="https://news.example/3?a=1&amp;b=(2)">LMI · 2 mars 09:03</a><br><a href="https://news.example/2?a=1&amp;b=(2)">Silicon [fr] · 2 mars 09:02</a><br><a href="https://news.example/1?a=1&amp;b=(2)">LeMagIT · 2 mars 09:01</a>',
        'ZDNet · 2 mars 09:00',
      ],
    },
    {
      kind: 'console',
      heading: () => renderConsoleDigest(digest, 'Europe/Paris')[0]?.body.split('\n')[0]?.replace('[digest cloud] ', 'Digest « cloud » · '),
      lines: () => renderConsoleDigest(digest, 'Europe/Paris')[0]?.body.split('\n').filter((text) => text.startsWith('    ')),
      expected: [
        '    LMI · 2 mars 09:03 | https://news.example/3?a=1&b=(2)',
        '    Silicon [fr] · 2 mars 09:02 | https://news.example/2?a=1&b=(2)',
        '    LeMagIT · 2 mars 09:01 | https://news.example/1?a=1&b=(2)',
        '    ZDNet · 2 mars 09:00',
      ],
    },
  ])('$kind: the title counts stories and articles, the lines link their articles', ({ heading, lines, expected }) => {
    expect(heading()).toBe('Digest « cloud » · mardi 3 mars 2026 · 2 sujets, 4 articles');
    expect(lines()).toEqual(expected);
  });

  it('Matrix: the plain body gives each article link of a story told by several sources', () => {
    expect(renderMatrixDigest(digest, { timeZone: 'Europe/Paris' })[0]?.body.body.split('\n').slice(1, 6)).toEqual([
      '- Titre 3',
      '  https://news.example/3?a=1&b=(2)',
      '  LMI · 2 mars 09:03 https://news.example/3?a=1&b=(2)',
      '  Silicon [fr] · 2 mars 09:02 https://news.example/2?a=1&b=(2)',
      '  LeMagIT · 2 mars 09:01 https://news.example/1?a=1&b=(2)',
    ]);
  });
});

describe('fitLines: whole lines, then how many were left out', () => {
  const cut = (line: string, limit: number) => `${line.slice(0, limit - 1)}…`;
  it.each([
    { lines: [], limit: 10, expected: '' },
    { lines: ['aaa', 'bbb'], limit: 7, expected: 'aaa\nbbb' },
    { lines: ['aaa', 'bbb', 'ccc'], limit: 11, expected: 'aaa\nbbb\nccc' },
    { lines: ['aaa', 'bbb', 'cccccc'], limit: 13, expected: 'aaa\n+2 autres' },
    { lines: ['aaa', 'bbb', 'ccc'], limit: 10, expected: 'aaa' },
    { lines: ['aaa', 'bbb', 'cccccccccc'], limit: 17, expected: 'aaa\nbbb\n+1 autre' },
    { lines: ['aaaaaaaaaaaaaaaaaaaa', 'bbb'], limit: 18, expected: 'aaaaaaaa…\n+1 autre' },
    { lines: ['aaaaaaaaaaaaaaaaaaaa'], limit: 5, expected: 'aaaa…' },
  ])('$lines in $limit -> $expected', ({ lines, limit, expected }) => {
    const fitted = fitLines(lines, limit, '\n', cut);
    expect(fitted).toBe(expected);
    expect(fitted.length).toBeLessThanOrEqual(limit);
  });
});

describe('buildDigests', () => {
  const entry = (id: number, storyKey: string, source: string, minute: number, period = PERIOD): DigestEntry => ({
    id, watch: 'cloud', destination: 'discord', source, terms: ['Huawei'], state: 'claimed', period, collectedAt: PERIOD,
    item: item(id, { storyKey, source, published: `2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z` }),
  });

  it('groups lines by story key, stories and lines newest first, one digest per period (oldest first)', () => {
    const built = buildDigests([
      entry(1, 'a', 'Le Monde', 10, '2026-03-02T07:00:00.000Z'),
      entry(2, 'b', 'LeMagIT', 20),
      entry(3, 'c', 'ZDNet', 30),
      entry(4, 'b', 'Les Echos', 40),
    ]);
    expect(built.map(({ digest, ids }) => ({ period: digest.period, stories: digest.stories.map((s) => [s.storyKey, s.lines.map((l) => l.source)]), ids }))).toEqual([
      { period: '2026-03-02T07:00:00.000Z', stories: [['a', ['Le Monde']]], ids: [[1]] },
      { period: PERIOD, stories: [['b', ['Les Echos', 'LeMagIT']], ['c', ['ZDNet']]], ids: [[4, 2], [3]] },
    ]);
  });
});

describe('buildDigests with story grouping', () => {
  // The story development set: 29 headlines of 17 stories, as several outlets told them.
  const devSet = readFileSync(new URL('../../../shared/stories/dev-set.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { story: string; source: string; title: string; summary: string });
  const entries: DigestEntry[] = devSet.map((row, index) => ({
    id: index + 1, watch: 'cloud', destination: 'discord', source: row.source, terms: ['SecNumCloud'], state: 'claimed', period: PERIOD, collectedAt: PERIOD,
    item: item(index + 1, { source: row.source, title: row.title, summary: row.summary, published: new Date(Date.parse('2026-03-01T06:00:00.000Z') + index * 60_000).toISOString() }),
  }));
  const storyOfId = new Map(devSet.map((row, index) => [index + 1, row.story]));

  it('group: one digest story per news story, never two stories in one', () => {
    const [built] = buildDigests(entries, { stories: 'group' });
    const groups = (built?.ids ?? []).map((ids) => [...new Set(ids.map((id) => storyOfId.get(id)))]);
    expect(groups.every((stories) => stories.length === 1)).toBe(true);
    expect(new Set(groups.map((stories) => stories[0])).size).toBe(groups.length);
    expect(groups.length).toBe(new Set(devSet.map((row) => row.story)).size);
  });

  it('off: each link is its own story', () => {
    const [built] = buildDigests(entries, { stories: 'off' });
    expect(built?.ids.length).toBe(devSet.length);
  });
});
