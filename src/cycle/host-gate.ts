import pLimit, { type LimitFunction } from 'p-limit';

/** Runs a task for a URL once fewer than the allowed number of tasks for its host are running. */
export type HostGate = <T>(url: string, task: () => Promise<T>) => Promise<T>;

/**
 * At most `perHost` tasks at once per host name (`settings.per_host`), so several feeds of one site
 * are not all requested together. The host is the source URL's host name, case-folded (ports do not
 * make another site); redirects to another host are not counted. A task waiting for its host holds
 * nothing else, so the cycle's global slots go to sources of other hosts meanwhile.
 */
export function createHostGate(perHost: number): HostGate {
  const limits = new Map<string, LimitFunction>();
  return <T>(url: string, task: () => Promise<T>): Promise<T> => {
    const host = hostOf(url);
    let limit = limits.get(host);
    if (limit === undefined) {
      limit = pLimit(perHost);
      limits.set(host, limit);
    }
    return limit(task);
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}
