import type { DeliveryOutcome } from '../errors/delivery-error.js';
import type { CycleReport } from './cycle-report.js';
import type { SourceOutcome } from './source-outcome.js';

/**
 * Watches the pipeline from outside (metrics, health endpoints) without being woven into it.
 * Every method is optional and must not throw.
 */
export interface CycleObserver {
  cycleStarted?(at: Date): void;
  sourceFinished?(source: string, outcome: SourceOutcome, durationMs: number): void;
  /** One send attempt: 'delivered' or why it failed. */
  deliveryAttempted?(destination: string, result: 'delivered' | DeliveryOutcome): void;
  cycleFinished?(report: CycleReport): void;
  /** One digest message posted to `destination`, holding `items` collected items. */
  digestSent?(destination: string, items: number): void;
}
