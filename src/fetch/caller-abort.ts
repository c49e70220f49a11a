/**
 * Callbacks run when a caller's signal aborts, with one listener on the signal for all of them: a
 * fetch adds its callback to a set and deletes it when done, instead of adding and removing an
 * event listener on the signal (an EventTarget listener costs far more, and the fetches of a cycle
 * all share the app's shutdown signal). Callbacks run in the order they were added, as listeners
 * would, and one that throws does not keep the others from running.
 */
const callbacks = new WeakMap<AbortSignal, Set<() => void>>();

/** Runs `callback` once when `signal` aborts (at once if it already has), unless unwatched before. */
export function watchAbort(signal: AbortSignal, callback: () => void): void {
  if (signal.aborted) {
    callback();
    return;
  }
  let set = callbacks.get(signal);
  if (set === undefined) {
    const created = new Set<() => void>();
    callbacks.set(signal, created);
    signal.addEventListener('abort', () => runAll(created), { once: true });
    set = created;
  }
  set.add(callback);
}

/** `callback` no longer runs when `signal` aborts. */
export function unwatchAbort(signal: AbortSignal, callback: () => void): void {
  callbacks.get(signal)?.delete(callback);
}

function runAll(set: Set<() => void>): void {
  const due = [...set];
  set.clear();
  let failure: { readonly error: unknown } | undefined;
  for (const callback of due) {
    try {
      callback();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure !== undefined) throw failure.error;
}
