import { renderConsoleLine } from '../../render/console-line.js';
import type { Destination } from '../destination.js';

/** Prints each delivery as one line on stdout (or any writer): no account, no token. */
export function createConsoleDestination(name: string, write: (text: string) => void): Destination {
  return {
    name,
    type: 'console',
    pacing: [],
    fingerprint: 'console',
    async send(delivery) {
      write(`${renderConsoleLine(delivery)}\n`);
    },
    async close() {},
  };
}
