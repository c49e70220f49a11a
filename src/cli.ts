#!/usr/bin/env node
import module from 'node:module';

// Node 22.1 and later keep the compiled code of veille and its packages on disk (in the OS's
// temporary directory; NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE turns it off), so
// that a process started by cron compiles less: about 15 ms of CPU less per start on Node 26
// (`veille --version`: 182 ms without, 165 ms with).
// Node 20 has no such cache: a no-op there. It must run before the rest of veille is loaded.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

await import('./cli/run-process.js');
