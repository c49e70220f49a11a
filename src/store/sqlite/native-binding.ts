import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The addon's path as `bindings` finds it searching a package (`main`: its lib/index.js, `root`: its folder). */
export type FindWithBindings = (main: string, root: string) => string;

/**
 * better-sqlite3's compiled addon, for its `nativeBinding` option. First where both of its installs
 * put it, the package's `build/Release/` (a prebuilt binary, or one compiled by node-gyp): its path.
 * Else the addon's path as the `bindings` package finds it, searching the package's folder (build/Debug,
 * out/Release, compiled/…): better-sqlite3's own fallback would search from the file that calls
 * it, which in the bin is a chunk of veille's bundle, not the package (bundle-bin.mjs bundles its
 * JavaScript). Undefined when neither finds it: better-sqlite3 then fails as it always did, with
 * its own message.
 *
 * The path also saves the search: `bindings` reads the call stack to find the package and tries a
 * dozen paths, 1.5 to 6 ms of every process that opens a state file (0.9 to 1.6 ms with the path;
 * fresh processes, 2026-12-07).
 */
export function findNativeBinding(resolvePackage: () => string = defaultResolvePackage, findWithBindings: FindWithBindings = defaultFindWithBindings): string | undefined {
  let main: string;
  try {
    main = resolvePackage();
  } catch {
    return undefined;
  }
  // The package's main is lib/index.js.
  const root = dirname(dirname(main));
  const addon = join(root, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(addon)) return addon;
  try {
    return findWithBindings(main, root);
  } catch {
    return undefined;
  }
}

function defaultResolvePackage(): string {
  return createRequire(import.meta.url).resolve('better-sqlite3');
}

interface BindingsOptions {
  readonly bindings: string;
  readonly module_root: string;
  /** Resolve the addon's path instead of loading it. */
  readonly path: true;
}

/** `bindings` as better-sqlite3 itself requires it (from its own folder), told where the package is. */
function defaultFindWithBindings(main: string, root: string): string {
  const bindings = createRequire(main)('bindings') as (options: BindingsOptions) => string;
  return bindings({ bindings: 'better_sqlite3.node', module_root: root, path: true });
}
