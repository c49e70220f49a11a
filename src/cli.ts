#!/usr/bin/env node
import module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { codeCacheDir, processEnv } from './config/runtime-env.js';
import { commandOf } from './cli/cli-options.js';
import { enableCodeCache } from './cli/code-cache.js';
import { tierUpLaterFlag } from './cli/tier-up-later.js';

// The bin's entry: what must happen before the rest of veille is compiled, then the process edge.
//
// 1. `veille once` lives for one cycle: V8 optimizes later there (tier-up-later.ts). Set first,
//    because V8 refuses code cached under other flags.
const flags = commandOf(process.argv.slice(2)) === 'once' ? tierUpLaterFlag(process.versions.v8) : undefined;
if (flags !== undefined) setFlagsFromString(flags);

// 2. The compiled code of veille is kept from one process to the next (a process started by cron
//    compiles less). Node 22.1 and later have their own cache (in the OS's temporary directory;
//    NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE turns it off); on Node 20, veille's
//    code-cache.ts does the same for the bundle's chunks, under the same two variables (not with
//    --enable-source-maps: Node maps the stack traces of the files it compiles itself).
const nodeCache = (module as { enableCompileCache?: () => unknown }).enableCompileCache;
if (nodeCache !== undefined) nodeCache();
else if (!process.sourceMapsEnabled) {
  const uid = process.getuid?.();
  const dir = codeCacheDir(processEnv(), tmpdir(), uid);
  if (dir !== undefined) {
    enableCodeCache({
      moduleClass: module,
      scope: dirname(fileURLToPath(import.meta.url)),
      dir,
      flags: flags ?? '',
      uid,
      onExit: (save) => process.once('exit', save),
      now: () => Date.now(),
    });
  }
}

// 3. The rest, compiled through the cache (a chunk of its own in the bundle).
void import('./cli/run-process.js').then(({ runProcess }) => runProcess());
