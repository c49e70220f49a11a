import { z } from 'zod';
import { defineKind } from '../destination-kind.js';
import { commonKeys } from '../kind-settings.js';
import { lazyDestination } from '../lazy-destination.js';
import { CONSOLE_BATCH_LIMIT } from './console-limits.js';

/** `type: console`: one line per delivery on stdout; no settings. */
export const consoleKind = defineKind({
  kind: 'console',
  type: 'console',
  digests: true,
  claims: () => true,
  schema: z.strictObject(commonKeys('console')),
  check: (_entry, { name }) => ({ options: { name } }),
  // Its printer and renderers load on the first line or digest (see lazy-destination.ts).
  create: (options: { readonly name: string }, deps) =>
    lazyDestination(
      { name: options.name, type: 'console', pacing: [], batchLimit: CONSOLE_BATCH_LIMIT, fingerprint: 'console' },
      async () => (await import('./console-destination.js')).createConsoleDestination(options.name, deps.write, deps.timeZone),
      async () => {
        const { renderConsoleDigest } = await import('./render/console-digest.js');
        return (digest) => renderConsoleDigest(digest, deps.timeZone);
      },
    ),
});
