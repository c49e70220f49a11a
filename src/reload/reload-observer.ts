/** Told about the configuration loads of a running veille (metrics listen). */
export interface ReloadObserver {
  /** The configuration read at start was loaded (a success, not a reload). */
  started(at: Date): void;
  /** A reload (SIGHUP or a change in the config directory) was tried at `at`. */
  reloaded(result: 'success' | 'failure', at: Date): void;
}
