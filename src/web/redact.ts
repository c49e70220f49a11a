import type { VeilleConfig } from '../config/config-types.js';

/**
 * Removes the config's secrets from text shown on a page (an error message could quote a webhook
 * URL, a bot token or a source URL with its `${VAR}` replaced): each becomes `[redacted]`.
 * Defence in depth: the pages never show these fields themselves.
 */
export function createRedactor(config: Pick<VeilleConfig, 'destinations' | 'sources'>): (text: string) => string {
  return redactorOf(configSecrets(config));
}

/** The secrets of a configuration: destination URLs and tokens, source URLs whose `${VAR}` was replaced. */
export function configSecrets(config: Pick<VeilleConfig, 'destinations' | 'sources'>, into = new Set<string>()): Set<string> {
  for (const destination of config.destinations) collectSecrets(destination.options, into);
  for (const source of config.sources) if (source.url !== source.displayUrl) into.add(source.url);
  return into;
}

/** Replaces each of `secrets` with `[redacted]`. */
export function redactorOf(secrets: Iterable<string>): (text: string) => string {
  // Longest first: a URL is replaced whole before a token inside it.
  const ordered = [...secrets].filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

/** Every string under a key that names a secret (webhook URL, token) in a kind's options. */
function collectSecrets(value: unknown, into: Set<string>, key = ''): void {
  if (typeof value === 'string') {
    if (/url|token|secret|password/i.test(key)) into.add(value);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [name, item] of Object.entries(value)) collectSecrets(item, into, name);
}
