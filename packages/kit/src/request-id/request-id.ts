import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The id that ties one request's logs together across processes: an HTTP request's or gRPC call's
 * own, carried on by the calls it makes and the events it records. Its own folder, below http, rpc,
 * tracing and the bus, since all of them carry it.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller's request id must look like: anything else is replaced, never logged as is. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Runs `fn` with `requestId` as the current request id, so every gRPC call made and every event
 * recorded inside it (however deep) carries it, and the logs downstream line up with ours.
 *
 * @example
 *   app.addHook('onRequest', (request, _reply, done) => runWithRequestId(request.id, done));
 */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/**
 * The request id of the work in progress, if any.
 *
 * @example
 *   logger.info({ requestId: currentRequestId() }, 'reservation expired');
 */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** A caller's request id if it is well-formed, else a fresh one. */
export function acceptRequestId(given: string | null | undefined): string {
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}
