/** The sample lines of `name` in Prometheus text (HELP/TYPE left out), e.g. `veille_cycles_total 1`. */
export function sampleLines(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`));
}
