import type { PathSegment } from './config-document.js';
import { interpolateEnv, type EnvVars } from './interpolate-env.js';

export interface MissingVariable {
  readonly path: readonly PathSegment[];
  readonly variables: readonly string[];
}

/** Where a value sits: its parent's trail and its own key or index (built into a path only for a missing variable). */
interface Trail {
  readonly parent: Trail | undefined;
  readonly segment: PathSegment;
}

function pathOf(trail: Trail | undefined): PathSegment[] {
  const path: PathSegment[] = [];
  for (let at = trail; at !== undefined; at = at.parent) path.push(at.segment);
  return path.reverse();
}

/**
 * Interpolates `${VAR}` in every string of a parsed YAML tree (keys stay as written). A list or
 * mapping without a `$` anywhere inside comes back as it is (not copied: a config of a thousand
 * sources has no variable in most of them); one with a replaced string is a new list or mapping.
 * Neither the tree nor the result is changed afterwards by veille.
 */
export function interpolateTree(data: unknown, env: EnvVars): { readonly data: unknown; readonly missing: readonly MissingVariable[] } {
  const missing: MissingVariable[] = [];
  // `segment` is the value's key or index in its parent (at `parent`); unused for the root.
  const walk = (value: unknown, parent: Trail | undefined, segment: PathSegment | undefined): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('$')) return value;
      const result = interpolateEnv(value, env);
      if (result.missing.length > 0) missing.push({ path: pathOf(segment === undefined ? parent : { parent, segment }), variables: result.missing });
      return result.value;
    }
    if (value === null || typeof value !== 'object') return value;
    const trail = segment === undefined ? parent : { parent, segment };
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let index = 0; index < value.length; index += 1) {
        const item: unknown = value[index];
        const walked = walk(item, trail, index);
        if (walked !== item) copy ??= value.slice(0, index);
        copy?.push(walked);
      }
      return copy ?? value;
    }
    const keys = Object.keys(value);
    let walked: unknown[] | undefined;
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index] as string;
      const item: unknown = (value as Record<string, unknown>)[key];
      const result = walk(item, trail, key);
      if (result !== item) walked ??= keys.slice(0, index).map((earlier) => (value as Record<string, unknown>)[earlier]);
      walked?.push(result);
    }
    // A new mapping (as Object.fromEntries makes it: a key `__proto__` stays an own key).
    if (walked === undefined && Object.getPrototypeOf(value) === Object.prototype) return value;
    return Object.fromEntries(keys.map((key, index) => [key, walked === undefined ? (value as Record<string, unknown>)[key] : walked[index]]));
  };
  return { data: walk(data, undefined, undefined), missing };
}
