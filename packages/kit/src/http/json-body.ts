import { parse as parseTree } from '@humanwhocodes/momoa';
import type { ValueNode } from '@humanwhocodes/momoa';
import secureJson from 'secure-json-parse';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.ts';
import { maskControlCharacters } from './hostile-input.ts';

/**
 * The JSON body parser of every service. Beyond what JSON.parse checks, it refuses:
 * - `__proto__` and `constructor.prototype` keys (prototype poisoning; Fastify's default does too);
 * - a key given twice in one object. JSON.parse keeps the last; a proxy or another parser may keep
 *   the first, and `{"role":"member","role":"admin"}` must not mean different things to each.
 */
export function parseJsonBody(_request: FastifyRequest, text: string | Buffer, done: (error: Error | null, body?: unknown) => void): void {
  const source = typeof text === 'string' ? text : text.toString('utf8');
  if (source.trim() === '') return done(malformed('The JSON body is empty'));
  let body: unknown;
  try {
    body = secureJson.parse(source, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    return done(malformed('The body is not valid JSON'));
  }
  const duplicate = typeof body === 'object' && body !== null ? firstDuplicateKey(parseTree(source).body) : undefined;
  if (duplicate !== undefined) return done(malformed(`The key "${truncate(duplicate)}" is given twice in one object`));
  done(null, body);
}

/** The first key that an object of the document holds twice, if any. */
function firstDuplicateKey(node: ValueNode): string | undefined {
  if (node.type === 'Array') {
    for (const element of node.elements) {
      const found = firstDuplicateKey(element.value);
      if (found !== undefined) return found;
    }
  }
  if (node.type === 'Object') {
    const seen = new Set<string>();
    for (const member of node.members) {
      const name = member.name.type === 'String' ? member.name.value : member.name.name;
      if (seen.has(name)) return name;
      seen.add(name);
      const found = firstDuplicateKey(member.value);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

const malformed = (detail: string) => new AppError('invalid', 'MALFORMED_REQUEST', detail);
const truncate = (name: string) => maskControlCharacters(name.length > 40 ? `${name.slice(0, 40)}…` : name);
