import { describe, expect, it } from 'vitest';
import { dockerignore } from './dockerignore.js';

describe('dockerignore matcher (used to copy the build context as Docker would)', () => {
  const ignored = dockerignore('# comment\nnode_modules\n/dist/\nbench/results\n*.db\n.env.*\n!.env.keep\n**/*.log\n');
  it.each([
    { path: 'node_modules/yaml/package.json', ignored: true },
    { path: 'dist/cli.cjs', ignored: true },
    { path: 'src/dist.ts', ignored: false },
    { path: 'bench/results/run.json', ignored: true },
    { path: 'bench/run-bench.ts', ignored: false },
    { path: 'veille.db', ignored: true },
    { path: 'data/veille.db', ignored: false },
    { path: '.env.production', ignored: true },
    { path: '.env.keep', ignored: false },
    { path: 'src/deep/trace.log', ignored: true },
    { path: 'trace.log', ignored: true },
    { path: 'package.json', ignored: false },
  ])('$path: $ignored', ({ path, ignored: expected }) => {
    expect(ignored(path)).toBe(expected);
  });
});
