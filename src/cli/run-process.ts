import { setMaxListeners } from 'node:events';
import { runCli } from './run-cli.js';
import { processEnv } from '../config/runtime-env.js';

/** The process edge: real streams, real signals. Everything else takes them as arguments. */
export async function runProcess(): Promise<void> {
  const shutdown = new AbortController();
  // Every fetch and delivery in flight listens to it (bounded by the concurrency setting).
  setMaxListeners(0, shutdown.signal);
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      process.stderr.write(`veille: second ${signal}, exiting now\n`);
      process.exit(130);
    }
    shutdown.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const code = await runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: process.stderr,
    // Made when a command reads it (`match --jsonl`, `import-opml -`): creating the stream costs a few ms.
    get stdin() {
      return process.stdin;
    },
    env: processEnv(),
    interactive: process.stderr.isTTY === true,
    shutdown: shutdown.signal,
    // Only a command that subscribes (`run`) handles SIGHUP; the others keep its default (exit).
    onHangup: (listener) => {
      process.on('SIGHUP', listener);
      return () => process.off('SIGHUP', listener);
    },
  });
  process.exitCode = code;
  // Nothing should keep the loop alive after a command finished (node-cron, sockets); if it does, leave.
  setTimeout(() => process.exit(code), 2_000).unref();
}
