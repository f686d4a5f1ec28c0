/**
 * The one error type services throw. The kind decides the HTTP status (and, later, the gRPC code);
 * the code is the stable machine name clients switch on.
 *
 * @example
 *   throw new AppError('conflict', 'EMAIL_TAKEN', 'An account with this email already exists');
 *   throw new AppError('rate_limited', 'TOO_MANY_ATTEMPTS', 'Try again later', { retryAfterSeconds: 60 });
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  /** Understood and well-formed, but cannot be applied as sent (e.g. an idempotency key reused for another body). */
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable';

export const statusOfKind: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

/** The kind behind a status, for rebuilding a stored error (e.g. an idempotent replay). */
export function kindOfStatus(status: number): ErrorKind {
  const found = (Object.keys(statusOfKind) as ErrorKind[]).find((kind) => statusOfKind[kind] === status);
  return found ?? 'invalid';
}

export interface FieldError {
  /** Where the value was: `body`, `querystring`, `params` or `headers`. */
  in?: string;
  /** JSON pointer of the failing value, e.g. `/isbn` or `/authors/0`. */
  field: string;
  message: string;
}

export interface AppErrorOptions {
  /** Per-field problems, for `invalid` errors. */
  errors?: FieldError[];
  /** Sent as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  /** Extra members of the problem document, e.g. `{ lines: [...] }` for OUT_OF_STOCK. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly errors: FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(kind: ErrorKind, code: string, detail: string, options: AppErrorOptions = {}) {
    super(detail, { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extensions = options.extensions;
  }

  get status(): number {
    return statusOfKind[this.kind];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

export function notFound(what: string, code = 'NOT_FOUND'): AppError {
  return new AppError('not_found', code, `${what} was not found`);
}
