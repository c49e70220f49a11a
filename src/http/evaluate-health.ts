import type { HealthSnapshot } from './health-tracker.js';

/** Slack on top of two schedule gaps: a slow cycle, a tick skipped because the last cycle ran long. */
export const HEALTH_MARGIN_MS = 60_000;

/** How long the scheduler may stay silent, and the last cycle may be old: two gaps of the schedule and a margin. */
export function healthLimitMs(longestGapMs: number): number {
  return 2 * longestGapMs + HEALTH_MARGIN_MS;
}

export interface CheckOutcome {
  readonly ok: boolean;
  /** The JSON the endpoint answers with (plain data). */
  readonly detail: Readonly<Record<string, unknown>>;
}

const seconds = (ms: number) => Math.round(ms / 1000);

/** Liveness of the scheduler: some cycle activity within the limit (pure). */
export function schedulerCheck(snapshot: HealthSnapshot, now: Date, limitMs: number): CheckOutcome {
  const silentMs = now.getTime() - snapshot.lastActivityAt.getTime();
  const base = { lastActivityAt: snapshot.lastActivityAt.toISOString(), limitSeconds: seconds(limitMs) };
  if (silentMs <= limitMs) return { ok: true, detail: { status: 'ok', ...base } };
  return { ok: false, detail: { status: 'fail', ...base, reason: `no cycle activity for ${seconds(silentMs)} s` } };
}

/** Readiness: a cycle finished within the limit, and the process is not shutting down (pure). */
export function readinessCheck(snapshot: HealthSnapshot, now: Date, limitMs: number): CheckOutcome {
  if (snapshot.stopping) return { ok: false, detail: { status: 'fail', reason: 'shutting down' } };
  const finished = snapshot.lastCycleFinishedAt;
  if (finished === undefined) return { ok: false, detail: { status: 'fail', reason: 'no cycle has finished yet' } };
  const ageMs = now.getTime() - finished.getTime();
  const base = { lastCycleFinishedAt: finished.toISOString(), limitSeconds: seconds(limitMs) };
  if (ageMs <= limitMs) return { ok: true, detail: { status: 'ok', ...base } };
  return { ok: false, detail: { status: 'fail', ...base, reason: `the last cycle finished ${seconds(ageMs)} s ago` } };
}
