/** One thing wrong with the configuration, located as precisely as we can. */
export interface ConfigProblem {
  /** Config file (relative to the working directory) or the directory itself. */
  readonly file: string;
  /** 1-based line in `file`, when known. */
  readonly line?: number;
  /** Path inside the document, e.g. `watches[0].to[1]`; '' for the whole file. */
  readonly path: string;
  /** What is wrong and what is expected. Never contains secret values. */
  readonly message: string;
}

export function formatConfigProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return problem.path === '' ? `${where}: ${problem.message}` : `${where}: ${problem.path}: ${problem.message}`;
}

/** The configuration is invalid; `problems` lists every problem found, not just the first. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options?: { cause?: unknown }) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid configuration (${count}):\n${problems.map((p) => `  - ${formatConfigProblem(p)}`).join('\n')}`, options);
    this.problems = problems;
  }
}
