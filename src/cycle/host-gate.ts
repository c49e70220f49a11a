/** Runs a task for a URL once fewer than the allowed number of tasks for its host are running. */
export type HostGate = <T>(url: string, task: () => Promise<T>) => Promise<T>;

/** One host's tasks: how many run, and those waiting for a slot (oldest first). */
interface HostSlots {
  running: number;
  readonly waiting: (() => void)[];
  /** Index of the oldest waiting task in `waiting`. */
  head: number;
}

/**
 * At most `perHost` tasks at once per host name (`settings.per_host`), so several feeds of one site
 * are not all requested together. The host is the source URL's host name, case-folded (ports do not
 * make another site); redirects to another host are not counted. A task waiting for its host holds
 * nothing else, so the cycle's global slots go to sources of other hosts meanwhile. Tasks of one
 * host start in the order they were given.
 *
 * A plain counter and queue per host rather than a p-limit each: a task that finds a free slot
 * starts at once, and only a waiting task costs a promise and a closure.
 */
export function createHostGate(perHost: number): HostGate {
  // What p-limit accepted: a whole number from 1, or Infinity.
  if (!(Number.isInteger(perHost) || perHost === Infinity) || perHost < 1) {
    throw new TypeError(`perHost must be a whole number from 1 (or Infinity), not ${String(perHost)}`);
  }
  const hosts = new Map<string, HostSlots>();
  return <T>(url: string, task: () => Promise<T>): Promise<T> => {
    const host = hostOf(url);
    let slots = hosts.get(host);
    if (slots === undefined) {
      slots = { running: 0, waiting: [], head: 0 };
      hosts.set(host, slots);
    }
    if (slots.running < perHost) {
      slots.running += 1;
      return runInSlot(slots, task);
    }
    const queued = slots;
    return new Promise<T>((resolve, reject) => {
      queued.waiting.push(() => {
        runInSlot(queued, task).then(resolve, reject);
      });
    });
  };
}

/** Runs the task in a slot already taken, then hands the slot to the host's oldest waiting task. */
async function runInSlot<T>(slots: HostSlots, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } finally {
    const next = slots.waiting[slots.head];
    if (next === undefined) {
      slots.running -= 1;
    } else {
      // The slot passes on: `running` stays as it is.
      slots.waiting[slots.head] = noop;
      slots.head += 1;
      if (slots.head === slots.waiting.length) {
        slots.waiting.length = 0;
        slots.head = 0;
      }
      next();
    }
  }
}

function noop(): void {}

/**
 * The URL's host name, case-folded, as `new URL(url).hostname.toLowerCase()` gives it (the URL
 * itself when it does not parse). Read from the text for the usual `http(s)://name[:port]/…`, where
 * the parser would return the name unchanged but for case; parsed otherwise.
 */
export function hostOf(url: string): string {
  const fast = plainHostOf(url);
  if (fast !== undefined) return fast;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}

/**
 * The host of `http://` or `https://` followed by a plain DNS name (letters, digits, hyphens, dots
 * between non-empty labels, no `xn--` label, a last label neither numeric nor `0x…`) or a dotted-quad IPv4 address
 * in canonical form, then `:port`, `/`, `?`, `#` or the end. Undefined for anything else (user info,
 * IPv6, percent-escapes, other schemes, other IPv4 forms…): those go through the URL parser.
 */
export function plainHostOf(url: string): string | undefined {
  let start: number;
  if (url.startsWith('https://')) start = 8;
  else if (url.startsWith('http://')) start = 7;
  else return undefined;
  let end = start;
  let labelStart = start;
  let lastLabelNumeric = true;
  let numericLabels = 0;
  let labels = 0;
  for (; end < url.length; end += 1) {
    const code = url.charCodeAt(end);
    if (code === 0x2e /* . */) {
      if (end === labelStart) return undefined;
      labels += 1;
      if (lastLabelNumeric) numericLabels += 1;
      labelStart = end + 1;
      lastLabelNumeric = true;
      continue;
    }
    if (code === 0x3a /* : */ || code === 0x2f /* / */ || code === 0x3f /* ? */ || code === 0x23 /* # */) break;
    const digit = code >= 0x30 && code <= 0x39;
    const letter = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
    if (!digit && !letter && code !== 0x2d /* - */) return undefined;
    if (!digit) lastLabelNumeric = false;
  }
  if (end === labelStart) return undefined; // empty host, or a trailing dot
  labels += 1;
  if (lastLabelNumeric) numericLabels += 1;
  if (end < url.length && url.charCodeAt(end) === 0x3a && !isPort(url, end + 1)) return undefined;
  const host = url.slice(start, end).toLowerCase();
  if (lastLabelNumeric) return labels === 4 && numericLabels === 4 && isCanonicalIpv4(host) ? host : undefined;
  // A last label `0x…` is read as a hexadecimal IPv4 part; `xn--` labels are checked as punycode.
  const last = host.slice(labelStart - start);
  if (last.startsWith('0x') || host.startsWith('xn--') || host.includes('.xn--')) return undefined;
  return host;
}

/** Digits (possibly none) up to `/`, `?`, `#` or the end, within the port range. */
function isPort(url: string, from: number): boolean {
  let value = 0;
  let index = from;
  for (; index < url.length; index += 1) {
    const code = url.charCodeAt(index);
    if (code === 0x2f || code === 0x3f || code === 0x23) break;
    if (code < 0x30 || code > 0x39) return false;
    value = value * 10 + (code - 0x30);
    if (value > 65_535) return false;
  }
  return true;
}

/** Four decimal parts of 0-255 without leading zeros: what the URL parser leaves as it is. */
function isCanonicalIpv4(host: string): boolean {
  for (const part of host.split('.')) {
    if (part.length > 3 || (part.length > 1 && part.startsWith('0')) || Number(part) > 255) return false;
  }
  return true;
}
