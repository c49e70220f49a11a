import type { PathSegment } from './config-document.js';
import { interpolateEnv, type EnvVars } from './interpolate-env.js';

export interface MissingVariable {
  readonly path: readonly PathSegment[];
  readonly variables: readonly string[];
}

/** Interpolates `${VAR}` in every string of a parsed YAML tree (keys stay as written). */
export function interpolateTree(data: unknown, env: EnvVars): { readonly data: unknown; readonly missing: readonly MissingVariable[] } {
  const missing: MissingVariable[] = [];
  const walk = (value: unknown, path: PathSegment[]): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('$')) return value;
      const result = interpolateEnv(value, env);
      if (result.missing.length > 0) missing.push({ path, variables: result.missing });
      return result.value;
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index]));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key])]));
    }
    return value;
  };
  return { data: walk(data, []), missing };
}
