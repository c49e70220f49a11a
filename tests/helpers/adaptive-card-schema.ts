import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvModule from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * The Adaptive Cards 1.4 JSON schema, as Microsoft publishes it at
 * http://adaptivecards.io/schemas/adaptive-card.json: a copy of `schemas/1.4.0/adaptive-card.json`
 * from github.com/microsoft/AdaptiveCards (commit 644d933e, MIT licence beside it in
 * tests/fixtures/adaptive-cards/). No npm package ships it.
 *
 * The file declares draft-06 but names itself with draft-04's `id`, and documents its definitions
 * with keywords of its own (`version`, `features`, `example`): the loader renames `id` to `$id` and
 * declares those three as annotations. Everything else is checked strictly.
 */
const SCHEMA_URL = new URL('../fixtures/adaptive-cards/adaptive-card-1.4.json', import.meta.url);

const require = createRequire(import.meta.url);
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as Record<string, unknown>;
// Both packages are CommonJS: the default import is `module.exports`, whose `default` is the export.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

let cached: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (cached !== undefined) return cached;
  const { id, ...schema } = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
  // strictTypes/strictRequired: the published schema leaves `type` implicit beside `pattern` and
  // requires `type` in anyOf branches that define it elsewhere; both are about the schema's style,
  // not about the cards it accepts.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addMetaSchema(draft06);
  for (const annotation of ['version', 'features', 'example']) ajv.addKeyword(annotation);
  cached = ajv.compile({ $id: String(id), ...schema });
  return cached;
}

/** Where `card` breaks the Adaptive Cards 1.4 schema (empty when it conforms). */
export function adaptiveCardSchemaViolations(card: unknown): string[] {
  const validate = validator();
  if (validate(card)) return [];
  return (validate.errors ?? []).map((error) => `schema: ${error.instancePath || '/'} ${error.message ?? error.keyword}`);
}
