import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Transpiles the store's sources (src/store and its engine folders, src/errors/store-error.ts) to plain ESM JavaScript under
 * `outDir`, so that a child `node` process (which cannot load TypeScript) runs the real store code.
 * Returns the absolute path of the compiled sqlite-store.js.
 */
export async function compileStore(outDir: string): Promise<string> {
  const storeDir = join(REPO_ROOT, 'src/store');
  const sources = [
    ...(await readdir(storeDir, { recursive: true })).filter((name) => name.endsWith('.ts')).map((name) => join(storeDir, name)),
    join(REPO_ROOT, 'src/errors/store-error.ts'),
  ];
  for (const source of sources) {
    const output = ts.transpileModule(await readFile(source, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, verbatimModuleSyntax: true },
      fileName: source,
    });
    const target = join(outDir, relative(REPO_ROOT, source)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, output.outputText);
  }
  await writeFile(join(outDir, 'package.json'), JSON.stringify({ type: 'module' }));
  // Lets the compiled code resolve better-sqlite3 from the checkout.
  await symlink(join(REPO_ROOT, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  return join(outDir, 'src/store/sqlite/sqlite-store.js');
}
