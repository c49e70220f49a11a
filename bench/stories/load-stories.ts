import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

export type StoriesModule = typeof import('../../src/stories/index.js');

/** `--name=value` from the command line, or `fallback`. */
export function argument(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

/**
 * The story matcher of a build: `--stories=<path of a build's stories/index.js>` (another checkout's
 * `dist/stories/index.js`, to compare two versions), by default this build's.
 */
export async function loadStories(): Promise<StoriesModule> {
  const path = argument('stories', '');
  if (path === '') return import('../../src/stories/index.js');
  return (await import(pathToFileURL(resolve(path)).href)) as StoriesModule;
}
