/** Environment values visible to the configuration (a plain object, not `process.env`). */
export type EnvVars = Readonly<Record<string, string | undefined>>;

export interface Interpolated {
  readonly value: string;
  /** Variables referenced without a default that are unset or empty. */
  readonly missing: readonly string[];
  /** True when the value came (at least partly) from the environment: treat it as secret. */
  readonly fromEnv: boolean;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` and `${VAR:-default}` with values from `env`; `$$` is a literal `$`.
 * An empty variable counts as unset (env files often hold `TOKEN=`).
 */
export function interpolateEnv(text: string, env: EnvVars): Interpolated {
  const missing: string[] = [];
  let fromEnv = false;
  const value = text.replace(REFERENCE, (whole, name: string | undefined, fallback: string | undefined) => {
    if (whole === '$$' || name === undefined) return '$';
    const found = env[name];
    if (found !== undefined && found !== '') {
      fromEnv = true;
      return found;
    }
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return '';
  });
  return { value, missing, fromEnv };
}

/**
 * The text as shown to people: `$$` unescaped, every `${VAR}` kept as written (its value may be a
 * secret). Undefined when the text refers to no variable (show the resolved value instead).
 */
export function shownWithReferences(text: string): string | undefined {
  let refers = false;
  const shown = text.replace(REFERENCE, (whole, name: string | undefined) => {
    if (whole === '$$' || name === undefined) return '$';
    refers = true;
    return whole;
  });
  return refers ? shown : undefined;
}
