import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where better-sqlite3's compiled addon is, for its `nativeBinding` option: in the package's
 * `build/Release/`, where both of its installs put it (a prebuilt binary, or one compiled by
 * node-gyp). Without it, better-sqlite3 asks the `bindings` package, which reads the call stack to
 * find the package and tries a dozen paths: 1.5 to 6 ms of every process that opens a state file
 * (0.9 to 1.6 ms with the path; fresh processes, 2026-12-07). Undefined when the addon is not
 * there (a debug build, say): better-sqlite3's own search then finds it as before.
 */
export function findNativeBinding(resolvePackage: () => string = defaultResolvePackage): string | undefined {
  let main: string;
  try {
    main = resolvePackage();
  } catch {
    return undefined;
  }
  // The package's main is lib/index.js.
  const addon = join(dirname(dirname(main)), 'build', 'Release', 'better_sqlite3.node');
  return existsSync(addon) ? addon : undefined;
}

function defaultResolvePackage(): string {
  return createRequire(import.meta.url).resolve('better-sqlite3');
}
