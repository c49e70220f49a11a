import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { CLI_PATH } from '../helpers/spawn-cli.js';

interface DevLine {
  readonly id: string;
  readonly relevant: boolean;
  readonly title: string;
  readonly summary: string;
}

const devSet = readFileSync(new URL('../../../shared/matching/dev-set.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as DevLine);

describe('veille match --jsonl (the built bin) on the shipped config', () => {
  // One process for the whole file: stdin lines in, one result line out per input line.
  const input = devSet.map((line) => JSON.stringify({ title: line.title, summary: line.summary })).join('\n');
  const run = spawnSync(process.execPath, [CLI_PATH, 'match', '--jsonl', '--config', 'feeds'], {
    input: `${input}\n`,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '' },
  });
  const results = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { matches: { watch: string; terms: string[] }[] });

  it('answers one line per input and exits 0', () => {
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(devSet).toHaveLength(30);
    expect(results).toHaveLength(devSet.length);
  });

  it.each(devSet.map((line, index) => ({ ...line, index })))('$id relevant=$relevant: $title', ({ relevant, index }) => {
    const watches = results[index]?.matches.map((match) => match.watch);
    expect(watches).toEqual(relevant ? ['cloud-souverain'] : []);
  });
});

describe('veille match', () => {
  it.each([
    ["Orange met fin à son partenariat cloud avec d'Huawei", ['Huawei']],
    ['HUAWEI : les résultats', ['Huawei']],
    ['Le projet d’Huawei en Alsace', ['Huawei']],
    ["Huawei's new cloud region", ['Huawei']],
    ['Qualification SecNumCloud pour un hébergeur', ['SecNumCloud']],
  ])('%j -> terms %j', async (title, terms) => {
    const result = await runCliInProcess(['match', '--jsonl', '--config', 'feeds'], { stdin: `${JSON.stringify({ title })}\n` });
    expect(result).toEqual({ code: 0, stdout: `${JSON.stringify({ matches: [{ watch: 'cloud-souverain', terms }] })}\n`, stderr: '' });
  });

  it.each([
    ['Les Bleus battent l’Espagne', 'cloud-souverain: no match\n  no term of the rule found\n'],
    [
      'Bleu recrute',
      "cloud-souverain: no match\n  'Bleu' found but no context word (Orange, Capgemini, Microsoft, …) anywhere in the item\n" +
        "  'bleu' found but no context word (Orange et Capgemini, Capgemini et Orange, coentreprise, …) within 3 words\n",
    ],
    ['Bleu marine : la couleur de Microsoft', "cloud-souverain: no match\n  'Bleu' found but excluded by 'marine' (within 1 word)\n"],
    ['Huawei ouvre une région', "cloud-souverain: match — Huawei\n  found 'Huawei' in title\n"],
  ])('explains %j in text mode', async (title, expected) => {
    const result = await runCliInProcess(['match', '--config', 'feeds', title]);
    expect(result).toEqual({ code: 0, stdout: expected, stderr: '' });
  });

  it('reports an invalid input line and keeps going', async () => {
    const result = await runCliInProcess(['match', '--jsonl', '--config', 'feeds'], { stdin: 'not json\n{"title":"Huawei"}\n' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('{"matches":[],"error":"not valid JSON"}\n{"matches":[{"watch":"cloud-souverain","terms":["Huawei"]}]}\n');
    expect(result.stderr).toBe('veille match: stdin line 1: not valid JSON\n');
  });

  it('asks for a title without --jsonl', async () => {
    const result = await runCliInProcess(['match', '--config', 'feeds']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('veille match: give a TITLE (and optionally a SUMMARY), or --jsonl to read items on stdin\n');
  });
});
