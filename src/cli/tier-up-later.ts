/**
 * A `veille once` process lives for one cycle. V8 optimizes a function once it has run for a
 * while, on its helper threads; in a process that short, much of that work is never paid back. On
 * Node 20 (V8 11.3), about a quarter of the CPU of a cycle where every source answers 304 went to
 * the optimizing compiler: letting functions run six times longer before they are optimized cut that
 * process's CPU by about a quarter to a third, and left the first read of 1,000 sources (where
 * parsing is hot) as it was (docs/benchmark.md, "Fifth pass, the 304 process").
 *
 * Only V8 11.3 gets the flag. Node 22 to 26 tier up differently (Maglev first, TurboFan after
 * 3,000 calls): on Node 26 the same change, and others, saved nothing. The flag's name also
 * changed, and V8 prints an error for a flag it does not know. `veille run` keeps V8's defaults. The bin's entry (src/cli.ts) sets the flag before the rest of
 * veille is compiled.
 */

/** How many times V8's default budget a function runs before it is optimized. */
export const TIER_UP_FACTOR = 6;
/** V8 11.3's default budget: bytecode executed before a function is considered for optimization. */
const V8_11_3_INTERRUPT_BUDGET = 66 * 1024;

/** The V8 flag for `v8Version` (`process.versions.v8`), or undefined where veille changes nothing. */
export function tierUpLaterFlag(v8Version: string): string | undefined {
  return v8Version.startsWith('11.3.') ? `--interrupt-budget=${V8_11_3_INTERRUPT_BUDGET * TIER_UP_FACTOR}` : undefined;
}
