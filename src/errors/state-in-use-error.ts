/** Another live veille process writes this state file. */
export class StateInUseError extends Error {
  override readonly name = 'StateInUseError';
  readonly path: string;
  readonly holder: { readonly pid: number; readonly host: string };
  readonly expiresAt: string;
  /** The holder runs on this host (so its pid was checked and is alive); else it cannot be checked from here. */
  readonly holderOnThisHost: boolean;

  constructor(path: string, holder: { readonly pid: number; readonly host: string }, expiresAt: string, holderOnThisHost = false) {
    super(
      `state file ${path} is in use by another veille (pid ${holder.pid} on ${holder.host}); ` +
        `stop it first, or point this one at another state file (VEILLE_DB). If that process is gone, its claim expires at ${expiresAt}`,
    );
    this.path = path;
    this.holder = holder;
    this.expiresAt = expiresAt;
    this.holderOnThisHost = holderOnThisHost;
  }
}
