import type { Destination } from '../destination.js';
import { renderConsoleLine } from './render/console-line.js';
import { renderConsoleDigest } from './render/console-digest.js';
import { digestMessages } from '../digest-message.js';

/** A write to stdout takes any number of lines: one `send` takes a whole outbox page. */
export const CONSOLE_BATCH_LIMIT = 50;

/** Prints each delivery as one line on stdout (or any writer): no account, no token. */
export function createConsoleDestination(name: string, write: (text: string) => void, timeZone?: string): Destination {
  return {
    name,
    type: 'console',
    pacing: [],
    batchLimit: CONSOLE_BATCH_LIMIT,
    fingerprint: 'console',
    async send(deliveries) {
      for (const delivery of deliveries) write(`${renderConsoleLine(delivery)}\n`);
      return deliveries.map(() => ({ delivered: true }) as const);
    },
    renderDigest: (digest) => digestMessages(name, digest, renderConsoleDigest(digest, timeZone), async (body) => write(body)),
    async close() {},
  };
}
