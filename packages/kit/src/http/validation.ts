import { Ajv } from 'ajv';
import type { Options } from 'ajv';
import addFormats from 'ajv-formats';
import fastUri from 'fast-uri';
import type { FastifySchemaCompiler } from 'fastify';
import { addHostileInputRules, hardenSchema } from './hostile-input.ts';
import type { SchemaPart } from './hostile-input.ts';

const common: Options = {
  // Unknown fields are rejected, not silently dropped: a typo in a field name is a client bug to report.
  removeAdditional: false,
  // Report every failing field at once; bodies are bounded in size, so this stays cheap.
  allErrors: true,
  useDefaults: true,
  uriResolver: fastUri,
  addUsedSchema: false,
};

/**
 * Query strings, path parameters and headers arrive as text, so they are converted to the declared
 * types (`?page=2` is a number). JSON bodies already carry types, and `"price": "1999"` is a client
 * bug, so bodies are validated as sent. Every schema is first held to the rules of hostile input
 * (`hardenSchema`): no control characters, finite numbers, representable instants.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<any> {
  const strict = addHostileInputRules(addFormats.default(new Ajv({ ...common, coerceTypes: false })));
  const coercing = addHostileInputRules(addFormats.default(new Ajv({ ...common, coerceTypes: 'array' })));
  return ({ schema, httpPart }) => {
    const part = (httpPart ?? 'body') as SchemaPart;
    return (part === 'body' ? strict : coercing).compile(hardenSchema(schema, part) as object);
  };
}
