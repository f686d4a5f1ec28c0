import { randomInt } from 'node:crypto';
import { newBook, newCategory } from '@pustaka/catalog/testing';
import { percentile } from './stats.ts';

export interface FreshnessResult {
  updates: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Updates whose new title was still not found at the time bound. */
  missed: number;
}

type Json = Record<string, any>;

const FOUND_WITHIN_MS = 30_000;

async function call(base: string, method: string, path: string, expected: number, body?: unknown, token?: string): Promise<Json> {
  const response = await fetch(base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Json) : {};
}

/** True when `/api/search?q=` has the book, with `title`, among its first hits. */
async function found(base: string, q: string, book: { id: string; title: string }): Promise<boolean> {
  const result = await call(base, 'GET', `/api/search?q=${encodeURIComponent(q)}&pageSize=5`, 200);
  return (result.items as Array<{ id: string; title: string }>).some((hit) => hit.id === book.id && hit.title === book.title);
}

/**
 * How long a book's new title takes to be found: staff file `updates` books through the catalog
 * (as staff do, `POST /api/books`), wait until search knows them all, then rename each in turn
 * (`PATCH /api/books/:id`) and ask `/api/search` for the new title, as fast as it answers, from the
 * moment the catalog answered 200 until the book is among the first hits.
 */
export async function measureFreshness(base: string, admin: { email: string; password: string }, updates: number): Promise<FreshnessResult> {
  const token = (await call(base, 'POST', '/api/auth/login', 200, admin)).accessToken as string;
  const category = await call(base, 'POST', '/api/categories', 201, newCategory(), token);
  // Letters only, so the tag is one word to every engine's tokenizer.
  const tag = Array.from({ length: 6 }, () => String.fromCharCode(97 + randomInt(26))).join('');
  const books: Array<{ id: string; title: string }> = [];
  for (let i = 0; i < updates; i++) {
    const book = await call(base, 'POST', '/api/books', 201, newBook(category.id as string, { title: `Catatan Perjalanan ${tag}lama${letters(i)}` }), token);
    books.push({ id: book.id as string, title: book.title as string });
  }
  for (const book of books) {
    if (!(await waitUntil(() => found(base, book.title, book), FOUND_WITHIN_MS))) throw new Error(`"${book.title}" was never found`);
  }

  const latencies: number[] = [];
  let missed = 0;
  for (const [i, book] of books.entries()) {
    // A word no title had before; found only once the hit shows the new title, not the old one
    // matched by a correction of it.
    const word = `${tag}baru${letters(i)}`;
    const renamed = { id: book.id, title: `Kenangan ${word} di Ternate` };
    await call(base, 'PATCH', `/api/books/${book.id}`, 200, { title: renamed.title }, token);
    const answered = performance.now();
    if (await waitUntil(() => found(base, word, renamed), FOUND_WITHIN_MS)) latencies.push(performance.now() - answered);
    else missed += 1;
  }
  return { updates, p50Ms: percentile(latencies, 0.5), p95Ms: percentile(latencies, 0.95), maxMs: Math.max(0, ...latencies), missed };
}

async function waitUntil(condition: () => Promise<boolean>, withinMs: number): Promise<boolean> {
  const deadline = performance.now() + withinMs;
  while (performance.now() < deadline) {
    if (await condition()) return true;
  }
  return false;
}

/** `n` in letters (0 → "a", 27 → "bb"), to keep generated words free of digits. */
function letters(n: number): string {
  let text = '';
  for (let rest = n; ; rest = Math.floor(rest / 26) - 1) {
    text = String.fromCharCode(97 + (rest % 26)) + text;
    if (rest < 26) return text;
  }
}
