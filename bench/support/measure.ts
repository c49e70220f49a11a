import { constants, PerformanceObserver } from 'node:perf_hooks';
import { readThreadCpu, threadCpuSince, type ThreadCpu } from './thread-cpu.js';

/** What one measured phase cost the current process. */
export interface Measurement {
  readonly wallMs: number;
  /** User + system CPU of the whole process (all threads: zlib, libuv pool, GC helpers). */
  readonly cpuMs: number;
  readonly userMs: number;
  readonly systemMs: number;
  /** The same CPU time split by thread (Linux only; 10 ms resolution per thread). */
  readonly threads?: ThreadCpu;
  /** The process's peak RSS so far (getrusage maxRSS): the process only ran this case. */
  readonly peakRssMiB: number;
  /** Highest RSS sampled every 25 ms during the phase itself. */
  readonly phasePeakRssMiB: number;
  /** Highest V8 heap use sampled during the phase. */
  readonly phasePeakHeapMiB: number;
  /** Garbage collections during the phase (perf_hooks 'gc' entries) and their total pause. */
  readonly gc: { readonly major: number; readonly minor: number; readonly incremental: number; readonly pauseMs: number };
}

const MIB = 1024 * 1024;

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

/**
 * Runs `body` once and measures wall time, process CPU time and memory. It forces no garbage
 * collection first: a forced `gc()` makes V8 throw away optimized code ("weak objects"
 * deoptimizations), so the measured phase would pay to compile again what its warm-up compiled.
 * Cases call `collectGarbage()` before their warm-up instead.
 */
export async function measure<T>(body: () => Promise<T>): Promise<{ readonly value: T; readonly measurement: Measurement }> {
  let peakRss = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 25);
  const gc = { major: 0, minor: 0, incremental: 0, pauseMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major += 1;
      else if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor += 1;
      else if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) gc.incremental += 1;
      gc.pauseMs += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const threadsBefore = readThreadCpu();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let value: T;
  try {
    value = await body();
  } finally {
    clearInterval(sampler);
  }
  // Entries are delivered asynchronously: let the observer see the last ones.
  await new Promise((resolve) => setImmediate(resolve));
  observer.disconnect();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const threads = threadCpuSince(threadsBefore);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  return {
    value,
    measurement: {
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      userMs: used.user / 1000,
      systemMs: used.system / 1000,
      ...(threads === undefined ? {} : { threads }),
      peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MIB,
      phasePeakRssMiB: peakRss / MIB,
      phasePeakHeapMiB: peakHeap / MIB,
      gc,
    },
  };
}
