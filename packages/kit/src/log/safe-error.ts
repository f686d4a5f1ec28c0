import pino from 'pino';

/**
 * Fields of a database error that carry the row's or the statement's values: PostgreSQL's
 * `detail` ("Failing row contains (…, $argon2id$…)"), `where` and `internalQuery`, and the bound
 * parameters PGlite attaches (`params`). A password hash or a token in them would reach the log of
 * every failed insert; the message, code, table, column and constraint say what went wrong without.
 */
const DATA_BEARING_FIELDS = ['detail', 'where', 'internalQuery', 'params', 'parameters', 'queryOptions'] as const;

type SerializedError = Record<string, unknown>;

/**
 * Pino's error serializer, without the fields that carry data (also in its causes).
 *
 * @example
 *   pino({ serializers: { err: serializeErrorSafely } });
 */
export function serializeErrorSafely(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return withoutData(pino.stdSerializers.err(error) as SerializedError);
}

function withoutData(serialized: SerializedError): SerializedError {
  for (const field of DATA_BEARING_FIELDS) delete serialized[field];
  if (isObject(serialized.cause)) withoutData(serialized.cause);
  if (Array.isArray(serialized.aggregateErrors)) for (const inner of serialized.aggregateErrors) if (isObject(inner)) withoutData(inner);
  return serialized;
}

const isObject = (value: unknown): value is SerializedError => typeof value === 'object' && value !== null;
