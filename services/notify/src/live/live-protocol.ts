import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import type { ClientMessage, LiveErrorCode, LiveTopic } from '@pustaka/live-client';

export type { ClientMessage, LiveErrorCode, ServerMessage } from '@pustaka/live-client';
export { LIVE_CLOSE } from '@pustaka/live-client';

const TOPIC_PATTERN = /^(seats|stock):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const Token = Type.String({ minLength: 1, maxLength: 2_048 });
const Topic = Type.String({ minLength: 1, maxLength: 100 });

const ClientMessageSchema = Type.Union([
  Type.Object(
    { type: Type.Literal('auth'), token: Token, resumeAfter: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,18})$' })) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('renew'), token: Token }, { additionalProperties: false }),
  Type.Object({ type: Type.Union([Type.Literal('subscribe'), Type.Literal('unsubscribe')]), topic: Topic }, { additionalProperties: false }),
]);
const validClientMessage = Compile(ClientMessageSchema);

export type ParsedClientMessage = { ok: true; message: ClientMessage } | { ok: false; code: LiveErrorCode; detail: string };

/**
 * A client frame as a message, or why not: binary frames, text that is not JSON, and JSON of no
 * known shape are answered with an error, never thrown.
 *
 * @example
 *   parseClientMessage('{"type":"subscribe","topic":"seats:…"}', false); // { ok: true, message: { type: 'subscribe', ... } }
 */
export function parseClientMessage(data: string, isBinary: boolean): ParsedClientMessage {
  if (isBinary) return { ok: false, code: 'INVALID_MESSAGE', detail: 'Send JSON text frames' };
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { ok: false, code: 'INVALID_MESSAGE', detail: 'Not JSON' };
  }
  if (!validClientMessage.Check(value)) {
    const type = (value as { type?: unknown } | null)?.type;
    return {
      ok: false,
      code: 'INVALID_MESSAGE',
      detail: typeof type === 'string' ? `Not a valid "${type.slice(0, 40)}" message` : 'A message needs a known "type"',
    };
  }
  const message = value as ClientMessage;
  if ('topic' in message && !isLiveTopic(message.topic)) {
    return { ok: false, code: 'INVALID_TOPIC', detail: 'Topics are "seats:<event id>" and "stock:<book id>"' };
  }
  return { ok: true, message };
}

export function isLiveTopic(value: string): value is LiveTopic {
  return TOPIC_PATTERN.test(value);
}
