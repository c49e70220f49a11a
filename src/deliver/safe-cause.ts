/**
 * Error copies fit to be logged. Chat clients keep request URLs (webhook tokens) and headers
 * (bot tokens) on their errors; a `cause` we keep must carry none of that.
 */

/** Replaces every occurrence of `secrets` and of the `patterns` in `text`. */
export function redactSecrets(text: string, secrets: readonly string[], patterns: readonly [RegExp, string][] = []): string {
  let out = text;
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  for (const secret of secrets) if (secret !== '') out = out.split(secret).join('[redacted]');
  return out;
}

/**
 * A copy of `error`: name, redacted message and stack, `code` kept, and its cause chain (`cause`, or
 * the Slack SDK's `original`) copied the same way. No other property survives.
 */
export function safeCause(error: unknown, redact: (text: string) => string, depth = 0): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const copy = new Error(redact(error.message));
  copy.name = error.name;
  copy.stack = redact(error.stack ?? '');
  const code: unknown = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
  const inner = error.cause ?? (error as { original?: unknown }).original;
  if (inner !== undefined && depth < 3) copy.cause = safeCause(inner, redact, depth + 1);
  return copy;
}
