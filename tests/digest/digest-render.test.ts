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
import type { Digest } from '../../src/render/digest.js';
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
