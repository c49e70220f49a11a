import type { CycleObserver } from '../cycle/cycle-observer.js';

/** One observer that tells each of `observers`, in order. */
export function combineObservers(observers: readonly CycleObserver[]): CycleObserver {
  return {
    cycleStarted: (at) => {
      for (const observer of observers) observer.cycleStarted?.(at);
    },
    sourceFinished: (source, outcome, durationMs) => {
      for (const observer of observers) observer.sourceFinished?.(source, outcome, durationMs);
    },
    deliveryAttempted: (destination, result) => {
      for (const observer of observers) observer.deliveryAttempted?.(destination, result);
    },
    cycleFinished: (report) => {
      for (const observer of observers) observer.cycleFinished?.(report);
    },
    digestSent: (destination, items) => {
      for (const observer of observers) observer.digestSent?.(destination, items);
    },
  };
}
