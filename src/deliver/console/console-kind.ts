import { z } from 'zod';
import { defineKind } from '../destination-kind.js';
import { commonKeys } from '../kind-settings.js';
import { createConsoleDestination } from './console-destination.js';

/** `type: console`: one line per delivery on stdout; no settings. */
export const consoleKind = defineKind({
  kind: 'console',
  type: 'console',
  digests: true,
  claims: () => true,
  schema: z.strictObject(commonKeys('console')),
  check: (_entry, { name }) => ({ options: { name } }),
  create: (options: { readonly name: string }, deps) => createConsoleDestination(options.name, deps.write, deps.timeZone),
});
