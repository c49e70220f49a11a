import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process with captured streams and the given environment only. */
export async function runCliInProcess(
  args: readonly string[],
  options: { env?: Record<string, string>; stdin?: string; shutdown?: AbortSignal } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const err = new PassThrough();
  err.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const code = await runCli(args, {
    out: (text) => {
      stdout += text;
    },
    err,
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env: { VEILLE_LOG_LEVEL: 'warn', ...options.env },
    interactive: false,
    shutdown: options.shutdown ?? new AbortController().signal,
  });
  err.end();
  return { code, stdout, stderr };
}
