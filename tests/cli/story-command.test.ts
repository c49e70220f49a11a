import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';

describe('veille story', () => {
  it('says two rewrites are one story, with the shared words and names, and exits 0', async () => {
    const result = await runCliInProcess([
      'story',
      'NumSpot obtient la qualification SecNumCloud',
      'Cloud de confiance : NumSpot décroche le visa SecNumCloud de l’Anssi',
      '--summary-a',
      'La coentreprise emmenée par Docaposte est qualifiée.',
      '--summary-b',
      'Docaposte franchit une étape clé.',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^same story \(score 0\.\d+ >= 0\.3\)$/);
    expect(lines[1]).toMatch(/^ {2}shared words: /);
    expect(lines[1]).toContain('numspot');
    expect(lines[2]).toBe('  shared names: NumSpot, SecNumCloud, Docaposte');
    expect(lines[3]).toBe('  headline names only in A: -; only in B: Anssi');
    expect(lines[4]).toBe('  shared figures: -');
    expect(lines[5]).toBe('  figures only in A: -; only in B: -');
  });

  it('says two companies are two stories, names the conflict, and exits 1', async () => {
    const result = await runCliInProcess(['story', 'NumSpot obtient la qualification SecNumCloud', 'Cloud Temple obtient la qualification SecNumCloud']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^different stories: the headlines name different things \(score 0\.\d+, threshold 0\.3\)$/);
    expect(result.stdout).toContain('  headline names only in A: NumSpot; only in B: Cloud Temple\n');
  });

  it('prints the explanation as JSON with --json', async () => {
    const result = await runCliInProcess(['story', '--json', 'Bleu ouvre deux régions Azure en France', 'Bleu ouvre trois régions Azure en France']);
    expect(result.code).toBe(0);
    const explanation = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(explanation).toMatchObject({
      decision: 'different-stories',
      reason: 'figures-conflict',
      threshold: 0.3,
      sharedFigures: [],
      conflictingFigures: { candidate: ['2'], item: ['3'] },
      conflictingNames: { candidate: [], item: [] },
    });
  });

  it.each([[['story', 'only one headline']], [['story', 'a', 'b', 'c']], [['story', ' ', 'b']]])('exits 2 on %j', async (args) => {
    const result = await runCliInProcess(args);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'veille story: give two headlines: veille story "TITLE A" "TITLE B" [--summary-a S] [--summary-b S] [--json]\n',
    });
  });
});
