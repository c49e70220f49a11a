import type { EnvVars } from '../config/interpolate-env.js';

/** What a command may touch of the outside world; the bin wires the real process, tests their own. */
export interface CliIo {
  /** Command output (stdout). Logs never go here. */
  readonly out: (text: string) => void;
  /** Log stream (stderr). */
  readonly err: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: EnvVars;
  /** stderr is a terminal: human-readable logs. */
  readonly interactive: boolean;
  /** Fires on SIGINT/SIGTERM. */
  readonly shutdown: AbortSignal;
  /** Subscribes to SIGHUP (`veille run` reloads its configuration); returns the unsubscribe. Absent: no signal. */
  readonly onHangup?: (listener: () => void) => () => void;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
