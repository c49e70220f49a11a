import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist-bench/bench: where the compiled bench modules live. */
export const BENCH_DIST_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The checkout root (dist-bench/bench/../..). */
export const REPO_ROOT = resolve(BENCH_DIST_DIR, '..', '..');
/** bench/results: JSON results (git-ignored) and CPU profiles. */
export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
/** The built bin (`npm run build`), as `veille run` is started in production. */
export const CLI_PATH = join(REPO_ROOT, 'dist', 'cli.cjs');

export function benchModule(relative: string): string {
  return join(BENCH_DIST_DIR, relative);
}
