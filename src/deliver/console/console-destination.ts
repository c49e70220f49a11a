import type { Delivery, Destination, SendResult } from '../destination.js';
import { renderConsoleAlsoLine, renderConsoleLine } from './render/console-line.js';
import { renderConsoleDigest } from './render/console-digest.js';
import { digestMessages } from '../digest-message.js';
import { CONSOLE_BATCH_LIMIT } from './console-limits.js';


/** Prints each delivery as one line on stdout (or any writer): no account, no token. */
export function createConsoleDestination(name: string, write: (text: string) => void, timeZone?: string): Destination {
  return {
    name,
    type: 'console',
    pacing: [],
    batchLimit: CONSOLE_BATCH_LIMIT,
    fingerprint: 'console',
    async send(deliveries) {
      return deliveries.map((delivery) => print(delivery, write));
    },
    renderDigest: (digest) => digestMessages(name, digest, renderConsoleDigest(digest, timeZone), async (body) => write(body)),
    async close() {},
  };
}

/**
 * A story's first item as a line; later coverage of a story (issue 14) as an indented "also:" line
 * under it (the line printed last for that story may be further up by then).
 */
function print(delivery: Delivery, write: (text: string) => void): SendResult {
  const parent = delivery.story?.parent;
  if (parent !== undefined) {
    write(`${renderConsoleAlsoLine(delivery)}\n`);
    return { delivered: true, story: { attached: true, ref: parent.ref } };
  }
  write(`${renderConsoleLine(delivery)}\n`);
  return delivery.story === undefined ? { delivered: true } : { delivered: true, story: { attached: false, ref: {} } };
}
