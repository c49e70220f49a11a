// The `veille` bin as one bundle: `npm run build` runs tsc (dist/), then this, which writes
// dist/cli.cjs (and removes tsc's dist/cli.js). A process started by cron then loads a few dozen
// files instead of about 420 modules: veille's own and the pure-JavaScript packages on its start-up
// path, better-sqlite3's JavaScript included (its compiled addon stays in node_modules: see
// src/store/sqlite/native-binding.ts). Left as packages: the chat SDKs and the PostgreSQL driver
// (loaded only when used), pino-pretty (a terminal only) and prom-client (veille run). Lazy imports
// stay lazy: each becomes a chunk in dist/chunks/.
//
// CommonJS, not ES modules: Node 20 can keep V8's compiled code of a CommonJS file from one process
// to the next (src/cli/code-cache.ts; Node 22.1 and later have module.enableCompileCache() for
// both), and loads CommonJS with less work. docs/benchmark.md ("veille once as a process") has what
// each of these saves.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'rolldown';

const { dependencies } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/**
 * Dependencies bundled into the bin; every other one is required from node_modules at run time.
 * better-sqlite3's thirteen files, required from node_modules, cost every process that opens a
 * state file 4 ms of CPU (resolving, reading and compiling them without the code cache); bundled,
 * they are part of the once chunk. Its `bindings` dependency stays a package: veille gives
 * better-sqlite3 its addon, and only looks for it with `bindings` when it is not where an install
 * puts it (native-binding.ts).
 */
const BUNDLED = new Set(['@orama/stemmers', '@orama/stopwords', 'better-sqlite3', 'croner', 'htmlparser2', 'iconv-lite', 'node-cron', 'p-limit', 'pino', 'rss-parser', 'yaml', 'zod']);
const external = Object.keys(dependencies).filter((name) => !BUNDLED.has(name));

// The chunks of an earlier build (their names carry a hash of their content), and tsc's own
// dist/cli.js: the bin is dist/cli.cjs.
for (const path of ['dist/chunks', 'dist/cli.js', 'dist/cli.js.map', 'dist/cli.d.ts']) rmSync(fileIn(path), { recursive: true, force: true });

/**
 * node-cron imports `fork` from child_process at its top, for the background tasks (a task in a
 * file of its own, run in a child process) that veille never schedules. Bundled as it is, every
 * process of the bin would load child_process and what it brings (dgram, net's socket lists): 4 to
 * 9 ms of CPU at each start. node-cron gets a stand-in that loads child_process on the first call.
 */
const LAZY_CHILD_PROCESS = '\0veille:lazy-child-process';
const lazyChildProcessForNodeCron = {
  name: 'veille:lazy-child-process-for-node-cron',
  resolveId(id, importer) {
    const childProcess = id === 'child_process' || id === 'node:child_process';
    return childProcess && importer !== undefined && importer.includes('/node_modules/node-cron/') ? LAZY_CHILD_PROCESS : undefined;
  },
  load(id) {
    if (id !== LAZY_CHILD_PROCESS) return undefined;
    return "export function fork(...args) { return process.getBuiltinModule('node:child_process').fork(...args); }";
  },
};

/**
 * pino loads its transport machinery at its top: worker_threads (tools.js, for `isMainThread`,
 * read only for an asynchronous destination) and thread-stream (transport.js, a transport in a
 * worker thread), and sonic-boom loads assert (for one check when a stream is closed). veille's
 * logs go to a synchronous destination, with no transport: each of these loads at its first use
 * instead, the same code otherwise. A changed package fails the build rather than loading them again.
 */
const LAZY_PINO_REQUIRES = [
  { file: '/node_modules/pino/lib/tools.js', from: "const { isMainThread } = require('worker_threads')\n", to: '\n' },
  { file: '/node_modules/pino/lib/tools.js', from: '  if (!opts.sync && isMainThread) {', to: "  if (!opts.sync && require('worker_threads').isMainThread) {" },
  { file: '/node_modules/pino/lib/transport.js', from: "const ThreadStream = require('thread-stream')\n", to: "const ThreadStream = function (options) { return new (require('thread-stream'))(options) }\n" },
  { file: '/node_modules/sonic-boom/index.js', from: "const assert = require('assert')\n", to: "const assert = (...args) => require('assert')(...args)\n" },
];
const lazyPinoRequires = {
  name: 'veille:lazy-pino-requires',
  transform(code, id) {
    const edits = LAZY_PINO_REQUIRES.filter((edit) => id.endsWith(edit.file));
    let text = code;
    for (const edit of edits) {
      if (text.split(edit.from).length !== 2) throw new Error(`bundle-bin: ${edit.file} changed: ${JSON.stringify(edit.from)} is not there once`);
      text = text.replace(edit.from, edit.to);
    }
    return edits.length === 0 ? undefined : { code: text, map: null };
  },
};

/**
 * The chunks a `veille once` loads. Left to itself, rolldown gives every set of modules shared by a
 * different set of lazy imports a chunk of its own, so each lazy import made to spare a cron run
 * some code added small chunks to the files that run loads (each one a file to find, read and
 * compile; 17 files instead of 10 once the story matcher was lazy). Instead, what every command loads (the static imports of
 * src/cli/run-process.ts) is one chunk, `cli`, and what `veille once` loads besides (the static
 * imports of its command) another, `once`. What the bin's entry imports stays in dist/cli.cjs (it
 * runs before the code cache is on); lazy imports keep their own chunks.
 */
const staticClosures = { entry: 'src/cli.ts', cli: 'src/cli/run-process.ts', once: 'src/cli/commands/once-command.ts' };
const closureOf = new Map();
const startupChunks = {
  name: 'veille:startup-chunks',
  buildEnd() {
    const reach = (root) => {
      const seen = new Set();
      const stack = [fileIn(root)];
      while (stack.length > 0) {
        const id = stack.pop();
        if (seen.has(id)) continue;
        seen.add(id);
        const info = this.getModuleInfo(id);
        if (info === null) throw new Error(`bundle-bin: ${id} is not in the bundle`);
        stack.push(...info.importedIds.filter((imported) => !this.getModuleInfo(imported)?.isExternal));
      }
      return seen;
    };
    const entry = reach(staticClosures.entry);
    const cli = new Set([...reach(staticClosures.cli)].filter((id) => !entry.has(id)));
    const once = new Set([...reach(staticClosures.once)].filter((id) => !entry.has(id) && !cli.has(id)));
    closureOf.set('cli', cli).set('once', once);
  },
};
const inClosure = (name) => (id) => closureOf.get(name)?.has(id) === true;

/**
 * The bundle in ASCII: a file with a single other character (an ellipsis in a message, an accent
 * in a comment) is read into a two-byte string, twice the size, that the code cache's key then
 * encodes back to UTF-8 to hash it. So non-ASCII characters are escaped (`\u2026` in strings,
 * templates and regular expressions: the same values), and the JSDoc comments, which no one
 * reads in the bundle (its source maps point into src/), are left out with the bundler's
 * annotations; legal comments stay. A `veille once` then spends 1 to 3 ms less before its cycle
 * (docs/benchmark.md, "Tenth pass, config and start-up").
 */
const ASCII_OUTPUT = { charset: 'ascii', comments: { legal: true, annotation: false, jsdoc: false } };

await build({
  input: { cli: fileIn('src/cli.ts') },
  platform: 'node',
  logLevel: 'warn',
  plugins: [lazyChildProcessForNodeCron, lazyPinoRequires, startupChunks],
  // The groups below take only what their closures name (includeDependenciesRecursively: false).
  preserveEntrySignatures: 'allow-extension',
  external: (id) => id.startsWith('node:') || id === 'bindings' || external.some((name) => id === name || id.startsWith(`${name}/`)),
  output: {
    dir: fileIn('dist'),
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: 'chunks/[name]-[hash].cjs',
    sourcemap: true,
    ...ASCII_OUTPUT,
    codeSplitting: {
      includeDependenciesRecursively: false,
      groups: [
        { name: 'cli', test: inClosure('cli'), priority: 2 },
        { name: 'once', test: inClosure('once'), priority: 1 },
      ],
    },
  },
});

function fileIn(path) {
  return new URL(path, import.meta.url).pathname;
}
