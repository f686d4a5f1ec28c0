import { Code, ConnectError } from '@connectrpc/connect';
import { codeToString } from '@connectrpc/connect/protocol-connect';
import { create } from '@bufbuild/protobuf';
import type { JsonObject } from '@bufbuild/protobuf';
import type { Logger } from 'pino';
import { ErrorDetailSchema, ProblemSchema } from '@pustaka/contracts/rpc/v1';
import type { Problem } from '@pustaka/contracts/rpc/v1';
import { AppError, isAppError, statusOfKind } from '../errors/app-error.ts';
import type { ErrorKind, FieldError } from '../errors/app-error.ts';

/**
 * What a gRPC client (in any language) sees for each kind. `conflict` is FAILED_PRECONDITION, not
 * ABORTED: our conflicts (OUT_OF_STOCK, ISBN_EXISTS) hold until the state changes, so retrying the
 * same call will not help, which is what FAILED_PRECONDITION tells a client; ABORTED invites a retry.
 */
export const grpcCodeOfKind: Readonly<Record<ErrorKind, Code>> = {
  invalid: Code.InvalidArgument,
  unauthorized: Code.Unauthenticated,
  forbidden: Code.PermissionDenied,
  not_found: Code.NotFound,
  conflict: Code.FailedPrecondition,
  unprocessable: Code.InvalidArgument,
  rate_limited: Code.ResourceExhausted,
  unavailable: Code.Unavailable,
};

/** For errors without our detail (from a foreign server, or raised by the framework). */
const kindOfGrpcCode: Partial<Record<Code, ErrorKind>> = {
  [Code.InvalidArgument]: 'invalid',
  [Code.OutOfRange]: 'invalid',
  [Code.Unauthenticated]: 'unauthorized',
  [Code.PermissionDenied]: 'forbidden',
  [Code.NotFound]: 'not_found',
  [Code.FailedPrecondition]: 'conflict',
  [Code.Aborted]: 'conflict',
  [Code.AlreadyExists]: 'conflict',
  [Code.ResourceExhausted]: 'rate_limited',
};

/**
 * Failures that say the upstream (or the way to it) is unwell, so they count towards opening the
 * circuit breaker. Domain answers (NOT_FOUND, FAILED_PRECONDITION, ...) prove it is healthy, and
 * CANCELED is the caller giving up, not the upstream failing.
 */
const UPSTREAM_FAILURES: ReadonlySet<Code> = new Set([Code.Unavailable, Code.DeadlineExceeded, Code.Internal, Code.Unknown, Code.DataLoss, Code.Unimplemented]);

export function isUpstreamFailure(error: ConnectError): boolean {
  return UPSTREAM_FAILURES.has(error.code);
}

/** The ConnectError a handler's AppError becomes on the wire: a status code plus our detail. */
export function appErrorToConnect(error: AppError): ConnectError {
  const detail = create(ErrorDetailSchema, {
    kind: error.kind,
    code: error.code,
    // Through JSON so only what a problem document could hold travels (Dates become strings).
    ...(error.extensions ? { extensions: JSON.parse(JSON.stringify(error.extensions)) as JsonObject } : {}),
    errors: (error.errors ?? []).map((e) => ({ in: e.in ?? '', field: e.field, message: e.message })),
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: Math.ceil(error.retryAfterSeconds) }),
  });
  return new ConnectError(error.message, grpcCodeOfKind[error.kind], undefined, [{ desc: ErrorDetailSchema, value: detail }]);
}

/**
 * What a handler's error becomes on the wire, for the caller to see. An AppError keeps its kind,
 * code and extensions (see `appErrorToConnect`); an error Connect raised (a malformed message, a
 * deadline that passed) is sent as it is; anything else is logged on `log` and answered INTERNAL
 * with a generic message, since its own could carry SQL, paths or secrets.
 *
 * @example
 *   try { return await next(request); } catch (error) { throw handlerErrorToConnect(error, log); }
 */
export function handlerErrorToConnect(error: unknown, log: Logger): ConnectError {
  if (isAppError(error)) {
    if (error.kind === 'unavailable') log.warn({ err: error }, 'rpc answered unavailable');
    return appErrorToConnect(error);
  }
  if (error instanceof ConnectError && error.code !== Code.Unknown) return error;
  log.error({ err: error }, 'rpc failed unexpectedly');
  return new ConnectError('An unexpected error occurred; it has been logged', Code.Internal);
}

/**
 * The error of one item of a batch call as a `pustaka.rpc.v1.Problem`: the status, message and
 * detail the call for that item alone would have failed with, the unexpected logged on `log` and
 * kept from the caller exactly as `serverInterceptor` does for a unary call.
 *
 * @example
 *   const settled = await Promise.allSettled(request.requests.map(reserveOne));
 *   const outcomes = settled.map((each) => each.status === 'fulfilled'
 *     ? { result: { case: 'reservation', value: each.value } }
 *     : { result: { case: 'problem', value: errorToProblem(each.reason, rpcLog(context)) } });
 */
export function errorToProblem(error: unknown, log: Logger): Problem {
  const wire = handlerErrorToConnect(error, log);
  const [detail] = wire.findDetails(ErrorDetailSchema);
  return create(ProblemSchema, { status: wire.code, message: wire.rawMessage, ...(detail ? { detail } : {}) });
}

/**
 * On the caller's side, the Error the single call for this item would have failed with (through
 * `connectToAppError`, so kinds, codes, extensions and retry-after map as they do for a unary call).
 *
 * @example
 *   if (outcome.result.case === 'problem') throw problemToError(outcome.result.value, 'catalog');
 */
export function problemToError(problem: Problem, upstream: string): Error {
  // A status that is no gRPC error code (0 is OK) cannot be what a single call failed with.
  const code =
    Number.isInteger(problem.status) && problem.status >= Code.Canceled && problem.status <= Code.Unauthenticated ? (problem.status as Code) : Code.Unknown;
  const details = problem.detail ? [{ desc: ErrorDetailSchema, value: problem.detail }] : [];
  return connectToAppError(new ConnectError(problem.message, code, undefined, details), upstream);
}

/**
 * Rebuilds the AppError the upstream threw (same kind, code, extensions, field errors). Transport
 * failures become `unavailable` / `UPSTREAM_UNAVAILABLE`; an upstream bug (INTERNAL and the like)
 * becomes a plain Error, so this service answers 500 and logs it like any bug of its own.
 */
export function connectToAppError(error: ConnectError, upstream: string): Error {
  const [detail] = error.findDetails(ErrorDetailSchema);
  if (error.code === Code.Unavailable || error.code === Code.DeadlineExceeded) {
    return upstreamUnavailable(upstream, detail?.retryAfterSeconds ?? 1, error);
  }
  const kind = detail && isErrorKind(detail.kind) ? detail.kind : kindOfGrpcCode[error.code];
  if (!kind) return new Error(`${upstream} failed: ${error.message}`, { cause: error });
  const errors: FieldError[] = (detail?.errors ?? []).map((e) => ({ ...(e.in ? { in: e.in } : {}), field: e.field, message: e.message }));
  return new AppError(kind, detail?.code || codeToString(error.code).toUpperCase(), error.rawMessage, {
    ...(errors.length > 0 ? { errors } : {}),
    ...(detail?.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: detail.retryAfterSeconds }),
    ...(detail?.extensions ? { extensions: detail.extensions } : {}),
    cause: error,
  });
}

export function upstreamUnavailable(upstream: string, retryAfterSeconds: number, cause?: unknown): AppError {
  return new AppError('unavailable', 'UPSTREAM_UNAVAILABLE', `The ${upstream} service is unavailable; try again shortly`, {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
    cause,
  });
}

function isErrorKind(kind: string): kind is ErrorKind {
  return Object.hasOwn(statusOfKind, kind);
}
