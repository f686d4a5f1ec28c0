import { randomUUID } from 'node:crypto';

export type JsonSchema = Record<string, any>;

/** Values the sweep's world knows by field name: ids of things that exist, a valid seating. */
export type KnownValues = Readonly<Record<string, unknown>>;

/**
 * A value the schema accepts, so that a request changed in one place only is refused for that
 * place: the sweep checks each hostile value alone, not behind an unrelated mistake.
 */
export function sampleValue(schema: JsonSchema, known: KnownValues, name = ''): unknown {
  if (name in known && fits(known[name], schema)) return known[name];
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (branches) return sampleValue(branches.find((branch) => branch.type !== 'null') ?? branches[0]!, known, name);
  switch (Array.isArray(schema.type) ? schema.type.find((type: string) => type !== 'null') : schema.type) {
    case 'string':
      return sampleString(schema);
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, schema.minimum ?? 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sampleValue(schema.items ?? {}, known));
    case 'object':
      return sampleObject(schema, known);
    default:
      return null;
  }
}

/** A known value stands for a field only where the schema's type allows it: `email` is an address in one body, a switch in another. */
function fits(value: unknown, schema: JsonSchema): boolean {
  if (schema.type === undefined) return true;
  const types = [schema.type].flat() as string[];
  const type = Array.isArray(value)
    ? 'array'
    : value === null
      ? 'null'
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? 'integer'
          : 'number'
        : typeof value;
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

function sampleString(schema: JsonSchema): string {
  switch (schema.format) {
    case 'uuid':
      return randomUUID();
    case 'email':
      return `sweep-${randomUUID().slice(0, 8)}@shop.test`;
    case 'date-time':
      return new Date(Date.now() + 30 * 86_400_000).toISOString();
    case 'date':
      return '2030-01-01';
    case 'uri':
      return 'https://covers.example.com/sweep.jpg';
  }
  return 'sweep'.padEnd(schema.minLength ?? 0, 'x').slice(0, schema.maxLength ?? 200);
}

/** The required members, and as many optional ones as `minProperties` asks for. */
function sampleObject(schema: JsonSchema, known: KnownValues): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set<string>(schema.required ?? []);
  const names = Object.keys(properties).filter((name) => required.has(name));
  for (const name of Object.keys(properties)) {
    if (names.length >= (schema.minProperties ?? 0)) break;
    if (!required.has(name)) names.push(name);
  }
  return Object.fromEntries(names.map((name) => [name, sampleValue(properties[name]!, known, name)]));
}
