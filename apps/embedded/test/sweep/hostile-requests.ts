import * as hostile from './hostile-values.ts';
import { sampleValue } from './sample-value.ts';
import type { JsonSchema, KnownValues } from './sample-value.ts';

/** One request of the sweep: an operation of the OpenAPI document with one hostile change. */
export interface HostileRequest {
  operation: string;
  hostileClass: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * False when the hostile value is one the schema accepts (an injection string searched for, a
   * far-future date asked about): then a read may answer 2xx, but never 5xx, and nothing is written.
   */
  mustRefuse: boolean;
}

export interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
}

/** What the sweep fills in where a request needs something that exists: ids by path and field name. */
export interface SweepWorld {
  /** The id of an existing thing for `{param}` of a path, e.g. a book's for `/api/books/{id}`. */
  pathValue(path: string, param: string): string;
  fields: KnownValues;
}

/** Every operation of an OpenAPI 3 document, with its parameters and JSON body schema. */
export function operationsOf(document: { paths: Record<string, Record<string, any>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      ...(operation.requestBody ? { body: operation.requestBody.content['application/json'].schema } : {}),
    })),
  );
}

/** The valid request each hostile one starts from: path ids of existing things, a body the schema accepts. */
export function baseRequest(operation: Operation, world: SweepWorld): { path: string; query: Record<string, string>; body?: unknown } {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(world.pathValue(operation.path, name)));
  return { path, query: {}, ...(operation.body ? { body: sampleValue(operation.body, world.fields) } : {}) };
}

/** The hostile requests for one operation: its body, each of its fields, parameters and headers. */
export function hostileRequests(operation: Operation, world: SweepWorld): HostileRequest[] {
  const base = baseRequest(operation, world);
  const requests: HostileRequest[] = [];
  const add = (
    hostileClass: string,
    change: { path?: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string },
    mustRefuse = true,
  ) => {
    const query = new URLSearchParams(change.query ?? {}).toString();
    const body = change.body ?? (base.body === undefined ? undefined : JSON.stringify(base.body));
    requests.push({
      operation: `${operation.method} ${operation.path}`,
      hostileClass,
      method: operation.method,
      path: (change.path ?? base.path) + (query ? `?${query}` : ''),
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...change.headers },
      ...(body === undefined ? {} : { body }),
      mustRefuse,
    });
  };

  if (operation.body) bodyRequests(operation.body, base.body, add);
  for (const parameter of operation.parameters) {
    if (parameter.in === 'query')
      for (const [hostileClass, value, refuse] of parameterValues(parameter.schema)) add(hostileClass, { query: { [parameter.name]: value } }, refuse);
    if (parameter.in === 'path') {
      for (const [hostileClass, value, refuse] of pathValues(parameter.schema)) {
        add(
          hostileClass,
          {
            path: operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
              encodeURIComponent(name === parameter.name ? value : world.pathValue(operation.path, name)),
            ),
          },
          refuse,
        );
      }
    }
    if (parameter.in === 'header') {
      add('long strings', { headers: { [parameter.name]: 'k'.repeat(300) } });
      for (const injection of hostile.INJECTIONS.filter((value) => /^[\x20-\x7e]*$/.test(value)))
        add('injection strings', { headers: { [parameter.name]: injection } });
    }
  }
  add('oversized headers', { headers: { 'x-sweep': hostile.OVERSIZED_HEADER } });
  // A GET cannot carry a body (fetch refuses to send one).
  if (!operation.body && operation.method !== 'GET') add('wrong content types', { headers: { 'content-type': 'text/plain' }, body: 'sweep' });
  return requests;
}

type Add = (hostileClass: string, change: { body?: string; headers?: Record<string, string> }, mustRefuse?: boolean) => void;

function bodyRequests(schema: JsonSchema, base: unknown, add: Add): void {
  for (const text of hostile.MALFORMED_JSON) add('malformed JSON', { body: text });
  for (const type of hostile.WRONG_CONTENT_TYPES) add('wrong content types', { headers: { 'content-type': type } });
  add('long strings', { body: JSON.stringify({ sweep: hostile.LONG_STRING }) });
  add('wrong types', { body: JSON.stringify(Array.isArray(base) ? {} : [base]) });
  const firstKey = base && typeof base === 'object' && !Array.isArray(base) ? Object.keys(base)[0] : undefined;
  if (firstKey !== undefined) {
    const first = JSON.stringify((base as Record<string, unknown>)[firstKey]);
    add('duplicate JSON keys', { body: `{${JSON.stringify(firstKey)}:${first},${JSON.stringify(base).slice(1)}` });
  }
  for (const field of fieldsOf(schema, base, '')) {
    for (const [hostileClass, raw] of fieldValues(field)) add(hostileClass, { body: withRawValue(base, field.pointer, raw) });
  }
  for (const pointer of objectPointers(schema, base, '')) add('unknown fields', { body: withRawValue(base, `${pointer}/sweepUnknown`, '1') });
}

interface Field {
  pointer: string;
  schema: JsonSchema;
  required: boolean;
}

/** Every value of the base body with the schema that describes it, as JSON pointers. */
function fieldsOf(schema: JsonSchema, value: unknown, pointer: string, required = true): Field[] {
  const resolved = concrete(schema);
  const here = pointer === '' ? [] : [{ pointer, schema: resolved, required }];
  if (Array.isArray(value))
    return [...here, ...value.flatMap((item, index) => fieldsOf(resolved.items ?? {}, item, `${pointer}/${index}`, false).slice(0, 40))];
  if (value && typeof value === 'object') {
    const requiredNames = new Set<string>(resolved.required ?? []);
    return [
      ...here,
      ...Object.entries(value).flatMap(([name, child]) => fieldsOf(resolved.properties?.[name] ?? {}, child, `${pointer}/${name}`, requiredNames.has(name))),
    ];
  }
  return here;
}

function objectPointers(schema: JsonSchema, value: unknown, pointer: string): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const resolved = concrete(schema);
  return [pointer, ...Object.entries(value).flatMap(([name, child]) => objectPointers(resolved.properties?.[name] ?? {}, child, `${pointer}/${name}`))];
}

/** The branch of a nullable union that holds the value. */
function concrete(schema: JsonSchema): JsonSchema {
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return branches ? (branches.find((branch) => branch.type !== 'null') ?? schema) : schema;
}

const json = (value: unknown) => JSON.stringify(value);

/** The hostile JSON texts for one body field, by class. */
function fieldValues(field: Field): [string, string][] {
  const { schema } = field;
  const type = schema.type;
  const values: [string, string][] = [];
  if (field.required && !/\/\d+$/.test(field.pointer)) values.push(['missing fields', REMOVE]);
  values.push(['wrong types', type === 'string' ? '12345' : type === 'array' ? '{}' : type === 'object' ? '[]' : '"12"']);
  if (type === 'string') {
    values.push(...hostile.CONTROL_IN_BODY.map((value): [string, string] => ['control characters', json(value)]));
    values.push(['long strings', json(hostile.LONG_FIELD)]);
    if (schema.format === 'date-time') values.push(...hostile.BAD_INSTANTS.map((value): [string, string] => ['timestamps at the edges', json(value)]));
    if (schema.format === 'uuid') values.push(...hostile.BAD_UUIDS.map((value): [string, string] => ['invalid UUIDs', json(value)]));
    // Only where the schema constrains the text: elsewhere an injection string is a valid name.
    const constrained = injectionsRefusedBy(schema);
    values.push(...constrained.map((value): [string, string] => ['injection strings', json(value)]));
  }
  if (type === 'integer' || type === 'number') {
    values.push(...hostile.OVERFLOWING_NUMBERS.map((value): [string, string] => ['non-finite and overflowing numbers', value]));
    if (type === 'integer') values.push(...hostile.FRACTIONS.map((value): [string, string] => ['fractions for integers', value]));
  }
  if (type === 'array') values.push(['huge arrays', json(Array.from({ length: hostile.HUGE_ARRAY_LENGTH }, (_, index) => `sweep-${index}`))]);
  return values;
}

/** The hostile values for one query parameter: [class, value, must the answer be a refusal]. */
function parameterValues(schema: JsonSchema): [string, string, boolean][] {
  const freeText = schema.type === 'string' && !schema.format && !schema.pattern && !schema.enum;
  const values: [string, string, boolean][] = [
    ...hostile.CONTROL_IN_LINE.map((value): [string, string, boolean] => ['control characters', value, true]),
    ['long strings', hostile.LONG_STRING, true],
    ...hostile.INJECTIONS.map((value): [string, string, boolean] => ['injection strings', value, !freeText]),
  ];
  if (schema.type === 'integer' || schema.type === 'number') {
    values.push(
      ['wrong types', 'abc', true],
      ...hostile.NON_FINITE_IN_QUERY.map((value): [string, string, boolean] => ['non-finite and overflowing numbers', value, true]),
    );
    if (schema.type === 'integer') values.push(...hostile.FRACTIONS.map((value): [string, string, boolean] => ['fractions for integers', value, true]));
  }
  if (schema.type === 'boolean') values.push(['wrong types', 'maybe', true]);
  if (schema.format === 'date-time') {
    values.push(...hostile.BAD_INSTANTS.map((value): [string, string, boolean] => ['timestamps at the edges', value, true]));
    values.push(...hostile.EDGE_INSTANTS.map((value): [string, string, boolean] => ['timestamps at the edges', value, false]));
  }
  if (schema.format === 'uuid') values.push(...hostile.BAD_UUIDS.map((value): [string, string, boolean] => ['invalid UUIDs', value, true]));
  return values;
}

/** The hostile values for one path parameter. */
function pathValues(schema: JsonSchema): [string, string, boolean][] {
  const values: [string, string, boolean][] = [
    ...hostile.CONTROL_IN_LINE.slice(0, 8).map((value): [string, string, boolean] => ['control characters', value, true]),
    ['long strings', 'p'.repeat(300), true],
    ...hostile.INJECTIONS.map((value): [string, string, boolean] => ['injection strings', value, true]),
  ];
  if (schema.format === 'uuid') values.push(...hostile.BAD_UUIDS.map((value): [string, string, boolean] => ['invalid UUIDs', value, true]));
  return values;
}

/** The injection strings a string schema refuses: all of them for a format or an enum, else those its pattern does not match. */
function injectionsRefusedBy(schema: JsonSchema): string[] {
  if (schema.format || schema.enum) return hostile.INJECTIONS;
  if (!schema.pattern) return [];
  const pattern = new RegExp(schema.pattern, 'u');
  return hostile.INJECTIONS.filter((value) => !pattern.test(value));
}

const REMOVE = '\u0000remove';
const RAW = '__sweep_raw_value__';

/** The base body as JSON text with the value at `pointer` replaced by raw JSON text (or removed). */
function withRawValue(base: unknown, pointer: string, raw: string): string {
  const copy = structuredClone(base) as any;
  const names = pointer.split('/').slice(1);
  const last = names.pop()!;
  const parent = names.reduce((node, name) => node[name], copy);
  if (raw === REMOVE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
    return JSON.stringify(copy);
  }
  parent[last] = RAW;
  return JSON.stringify(copy).replace(`"${RAW}"`, () => raw);
}
