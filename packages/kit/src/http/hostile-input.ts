import type { Ajv, SchemaValidateFunction } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';

/**
 * What every field of every request is held to, whatever its schema says, so a route cannot forget
 * it and no such value reaches a database that would fail on it (PostgreSQL refuses NUL in text,
 * integers past its column types and instants it cannot represent, and answers 500 for each):
 * - strings: no NUL or other control characters (tab and line breaks only in bodies, where text may
 *   span lines), no unpaired surrogates;
 * - numbers: finite (query strings are coerced, and `1e309` becomes Infinity), integers within
 *   PostgreSQL's `integer` unless the schema sets its own bounds;
 * - `date-time` and `date`: an instant JavaScript and PostgreSQL can both hold (years 1 to 9999;
 *   a leap second or 30 February is refused, not silently moved).
 */
export type SchemaPart = 'body' | 'querystring' | 'params' | 'headers';

const INT4 = { minimum: -2_147_483_648, maximum: 2_147_483_647 };
// Matching control characters is the point of these two.
// oxlint-disable-next-line no-control-regex
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F]/;
// oxlint-disable-next-line no-control-regex
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CHILD_SCHEMAS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'] as const;
const CHILD_SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const CHILD_SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'] as const;

type Schema = Record<string, unknown>;

/** A copy of the schema with the rules above on each of its strings and numbers. */
export function hardenSchema(schema: unknown, part: SchemaPart): unknown {
  if (!isSchema(schema)) return schema;
  const copy: Schema = { ...schema };
  const types = typesOf(copy);
  if (types.includes('string')) copy['x-text'] = part === 'body' ? 'text' : 'line';
  // Bodies are not coerced, and Ajv refuses non-finite numbers as numbers there already.
  if (part !== 'body' && (types.includes('number') || types.includes('integer'))) copy['x-finite'] = true;
  if (types.includes('integer')) {
    if (copy.minimum === undefined && copy.exclusiveMinimum === undefined) copy.minimum = INT4.minimum;
    if (copy.maximum === undefined && copy.exclusiveMaximum === undefined) copy.maximum = INT4.maximum;
  }
  for (const key of CHILD_SCHEMAS) if (key in copy) copy[key] = hardenSchema(copy[key], part);
  for (const key of CHILD_SCHEMA_LISTS) if (Array.isArray(copy[key])) copy[key] = (copy[key] as unknown[]).map((child) => hardenSchema(child, part));
  for (const key of CHILD_SCHEMA_MAPS) {
    if (isSchema(copy[key])) copy[key] = Object.fromEntries(Object.entries(copy[key]).map(([name, child]) => [name, hardenSchema(child, part)]));
  }
  return copy;
}

/** Teaches an Ajv instance the keywords and formats `hardenSchema` relies on. */
export function addHostileInputRules(ajv: Ajv): Ajv {
  const text = (kind: 'line' | 'text', value: string) => !(kind === 'line' ? CONTROL_IN_LINE : CONTROL_IN_TEXT).test(value) && value.isWellFormed();
  ajv.addKeyword({
    keyword: 'x-text',
    type: 'string',
    schemaType: 'string',
    errors: true,
    validate: rule('x-text', 'must not contain control characters or unpaired surrogates', text),
  });
  ajv.addKeyword({
    keyword: 'x-finite',
    // Not limited to numbers: Ajv skips its number keywords for a value it coerced to Infinity.
    schemaType: 'boolean',
    errors: true,
    validate: rule('x-finite', 'must be a finite number', (_on: boolean, value: unknown) => typeof value !== 'number' || Number.isFinite(value)),
  });
  ajv.addFormat('date-time', { type: 'string', validate: (value: string) => isRfc3339(value) && representable(value) });
  ajv.addFormat('date', { type: 'string', validate: (value: string) => isRfc3339Date(value) && representable(`${value}T00:00:00Z`) });
  return ajv;
}

/** An Ajv keyword function that reports its own message when the value fails `test`. */
function rule<S, V>(keyword: string, message: string, test: (schema: S, value: V) => boolean): SchemaValidateFunction {
  const validate: SchemaValidateFunction = (schema: S, value: V) => {
    const ok = test(schema, value);
    if (ok) delete validate.errors;
    else validate.errors = [{ keyword, message, params: {} }];
    return ok;
  };
  return validate;
}

const rfc3339 = fullFormats['date-time'] as { validate: (value: string) => boolean };
const rfc3339Date = fullFormats.date as { validate: (value: string) => boolean };
const isRfc3339 = (value: string) => rfc3339.validate(value);
const isRfc3339Date = (value: string) => rfc3339Date.validate(value);

function representable(value: string): boolean {
  const time = Date.parse(value);
  if (!Number.isFinite(time)) return false;
  const year = new Date(time).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? (type as string[]) : [];
}

/**
 * The text with each control character shown as `?`: for quoting a client's words (a JSON key) in
 * an answer without echoing what a terminal or a log viewer would act on.
 */
export function maskControlCharacters(text: string): string {
  return text.replace(new RegExp(CONTROL_IN_LINE.source, 'g'), '?');
}
