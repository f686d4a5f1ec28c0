import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../errors/app-error.ts';
import type { FieldError } from '../errors/app-error.ts';
import { problem, PROBLEM_CONTENT_TYPE } from '../errors/problem.ts';
import type { Problem } from '../errors/problem.ts';
import type { HttpApp } from './http-app.ts';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Framework errors that are the client's fault, by Fastify code: what the client is told. */
const frameworkErrors: Record<string, { status: number; code: string; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is larger than allowed' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send the body as application/json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_REQUEST', detail: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_REQUEST', detail: 'The body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'MALFORMED_REQUEST', detail: 'Content-Length does not match the body' },
  FST_ERR_BAD_URL: { status: 400, code: 'MALFORMED_REQUEST', detail: 'The URL is not valid' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', detail: 'A part of the path is longer than allowed' },
};

/** Errors whose URL is the problem: it is not echoed back (it may be huge, or not valid text). */
const URL_ERRORS = new Set(['FST_ERR_BAD_URL', 'FST_ERR_MAX_PARAM_LENGTH']);

/** Maps any thrown value to the problem document the client sees. Never leaks internals. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  const base = { instance: request.url, requestId: request.id };
  if (isAppError(error)) {
    return problem(error.status, error.code, error.message, {
      ...base,
      ...(error.errors ? { errors: error.errors } : {}),
      ...error.extensions,
    });
  }
  const fastifyError = error as Partial<FastifyError> & { validationContext?: string };
  if (fastifyError.validation) {
    const errors = (fastifyError.validation as AjvError[]).map((e) => fieldError(e, fastifyError.validationContext));
    return problem(400, 'VALIDATION_FAILED', 'The request has invalid fields', { ...base, errors });
  }
  const known = fastifyError.code ? frameworkErrors[fastifyError.code] : undefined;
  if (known) return problem(known.status, known.code, known.detail, URL_ERRORS.has(fastifyError.code!) ? { requestId: request.id } : base);
  if (fastifyError.statusCode === 429) return problem(429, 'RATE_LIMITED', 'Too many requests, slow down', base);
  // A SyntaxError from the JSON parser, and any other 4xx the framework raised.
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return problem(fastifyError.statusCode, 'MALFORMED_REQUEST', 'The request could not be understood', base);
  }
  return problem(500, 'INTERNAL_ERROR', 'An unexpected error occurred; it has been logged', base);
}

function fieldError(error: AjvError, context = 'body'): FieldError {
  if (error.keyword === 'required') {
    return { in: context, field: `${error.instancePath}/${String(error.params.missingProperty)}`, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    return { in: context, field: `${error.instancePath}/${String(error.params.additionalProperty)}`, message: 'is not allowed' };
  }
  return { in: context, field: error.instancePath || '/', message: error.message ?? 'is invalid' };
}

export function sendProblem(reply: FastifyReply, body: Problem, retryAfterSeconds?: number): FastifyReply {
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterSeconds))));
  return reply.status(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

export function registerErrorHandling(app: HttpApp): void {
  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error, request);
    // A client that hung up (load tools, closed tabs) makes streams fail; nobody reads this answer.
    // Its socket is destroyed, or already detached (null) by the time the error arrives.
    const socket = request.raw.socket as typeof request.raw.socket | null;
    if (!socket || socket.destroyed || reply.raw.destroyed) request.log.info({ code: (error as { code?: string }).code }, 'client closed the connection first');
    // An upstream being down is expected and already counted by its breaker: one line, no stack.
    else if (isAppError(error) && error.kind === 'unavailable') request.log.warn({ code: error.code }, error.message);
    else if (body.status >= 500) request.log.error({ err: error }, 'request failed unexpectedly');
    const retryAfter = isAppError(error) ? error.retryAfterSeconds : undefined;
    const rateLimitReset = reply.getHeader('retry-after') === undefined ? undefined : Number(reply.getHeader('retry-after'));
    return sendProblem(reply, body, retryAfter ?? rateLimitReset);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(404, 'ROUTE_NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`, {
        instance: request.url,
        requestId: request.id,
      }),
    ),
  );
}
