/** One instruction of a Dockerfile, continuation lines joined. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  /** 1-based line where it starts. */
  readonly line: number;
}

export interface Stage {
  /** The image, ARGs substituted. */
  readonly from: string;
  readonly name?: string;
  readonly instructions: readonly Instruction[];
}

/** Reads a Dockerfile as Docker does, for what veille's uses: comments, `\` continuations, ARG before FROM, stages. */
export function parseDockerfile(text: string): { readonly args: Readonly<Record<string, string>>; readonly stages: readonly Stage[] } {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (pending === undefined && (line.trim() === '' || line.trimStart().startsWith('#'))) return;
    if (pending !== undefined && line.trimStart().startsWith('#')) return; // comments inside continuations
    const continued = line.endsWith('\\');
    const piece = (continued ? line.slice(0, -1) : line).trim();
    pending = pending === undefined ? { text: piece, line: index + 1 } : { text: `${pending.text} ${piece}`, line: pending.line };
    if (!continued) {
      const match = /^\s*(\S+)\s*(.*)$/.exec(pending.text);
      if (match) instructions.push({ keyword: (match[1] ?? '').toUpperCase(), args: (match[2] ?? '').trim(), line: pending.line });
      pending = undefined;
    }
  });

  const args: Record<string, string> = {};
  const stages: { from: string; name?: string; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/);
      const from = image.replace(/\$\{(\w+)\}/g, (_, key: string) => args[key] ?? '');
      stages.push({ from, ...(as?.toUpperCase() === 'AS' && name !== undefined ? { name } : {}), instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [key = '', value = ''] = instruction.args.split('=');
        args[key] = value;
      }
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { args, stages };
}

/** `["a", "b"]` (exec form) as an array; shell form is refused (signals would go to a shell). */
export function execForm(args: string): string[] {
  if (!args.startsWith('[')) throw new Error(`expected the exec (JSON) form, got: ${args}`);
  return JSON.parse(args) as string[];
}

/** `KEY=value KEY2=value2` (unquoted values, as veille's Dockerfile writes them). */
export function envPairs(args: string): Record<string, string> {
  return Object.fromEntries(
    args.split(/\s+/).map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

/** `--interval=30s ... CMD [...]`: the options and the command. */
export function healthcheck(args: string): { readonly options: Readonly<Record<string, string>>; readonly command: string[] } {
  const at = args.indexOf('CMD');
  const options = Object.fromEntries(
    args
      .slice(0, at)
      .trim()
      .split(/\s+/)
      .filter((option) => option !== '')
      .map((option) => option.replace(/^--/, '').split('=') as [string, string]),
  );
  return { options, command: execForm(args.slice(at + 3).trim()) };
}

/** `[--from=stage] src... dest`. */
export function copyArgs(args: string): { readonly from?: string; readonly sources: readonly string[]; readonly dest: string } {
  const parts = args.split(/\s+/);
  const from = parts[0]?.startsWith('--from=') ? parts.shift()?.slice('--from='.length) : undefined;
  const dest = parts.pop() ?? '';
  return { ...(from === undefined ? {} : { from }), sources: parts, dest };
}
