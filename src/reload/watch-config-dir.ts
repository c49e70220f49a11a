import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../log/logger.js';

export interface DirectoryWatch {
  close(): void;
}

/**
 * Calls `onChange` once things settle (`debounceMs` after the last event) whenever an entry of `dir`
 * changes. The directory is watched, not its files: an editor that saves by renaming, a new file,
 * and a Kubernetes ConfigMap update (it swaps the `..data` symlink the files point through) are
 * seen as well as a file written in place.
 */
export function watchConfigDir(dir: string, onChange: () => void, options: { readonly debounceMs: number; readonly logger: Logger }): DirectoryWatch {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const changed = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, options.debounceMs);
  };
  try {
    watcher = watch(dir, { persistent: false }, changed);
    watcher.on('error', (error) => options.logger.warn({ dir, err: error }, 'stopped watching the config directory (SIGHUP still reloads)'));
  } catch (error) {
    options.logger.warn({ dir, err: error }, 'cannot watch the config directory: changes need a SIGHUP to be applied');
  }
  return {
    close() {
      if (timer !== undefined) clearTimeout(timer);
      watcher?.close();
    },
  };
}
