/** PostgreSQL SQLSTATE codes the services react to. */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
/** PostgreSQL 17 (so PGlite) reports a blocked `ON DELETE RESTRICT` with this instead of 23503. */
const RESTRICT_VIOLATION = '23001';
const CHECK_VIOLATION = '23514';

interface PgError {
  code?: string;
  constraint?: string;
}

function sqlState(error: unknown): PgError {
  return typeof error === 'object' && error !== null ? (error as PgError) : {};
}

/** True when a unique constraint (optionally the named one) rejected the write. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = sqlState(error);
  return e.code === UNIQUE_VIOLATION && (constraint === undefined || e.constraint === constraint);
}

/** True when a foreign key (optionally the named one) rejected the write, including a blocked `ON DELETE RESTRICT`. */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  const e = sqlState(error);
  return (e.code === FOREIGN_KEY_VIOLATION || e.code === RESTRICT_VIOLATION) && (constraint === undefined || e.constraint === constraint);
}

export function isCheckViolation(error: unknown, constraint?: string): boolean {
  const e = sqlState(error);
  return e.code === CHECK_VIOLATION && (constraint === undefined || e.constraint === constraint);
}
