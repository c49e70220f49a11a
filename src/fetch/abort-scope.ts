/** An AbortController that also aborts, with the parent's reason, when its parent signal aborts. */
export interface AbortScope {
  readonly signal: AbortSignal;
  abort(reason: unknown): void;
  /** Unlink from the parent (always call it, or the parent keeps a listener). */
  dispose(): void;
}

export function createAbortScope(parent?: AbortSignal): AbortScope {
  const controller = new AbortController();
  const onParentAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted === true) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    dispose: () => parent?.removeEventListener('abort', onParentAbort),
  };
}

/**
 * Settle with `promise`, or reject with `signal.reason` as soon as `signal` aborts.
 * The promise itself cannot be cancelled (e.g. dns.lookup); its late rejection is swallowed.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason as unknown);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as unknown);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
