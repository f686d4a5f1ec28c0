import { randomBytes } from 'node:crypto';
import { isbn13Of } from '@pustaka/catalog/testing';

export interface Shop {
  bookIds: string[];
  /** Access tokens of the members who place the orders. */
  memberTokens: string[];
  /** Each book's stock when it was created. */
  initialStock: number;
}

type Json = Record<string, any>;

/** One JSON call through the gateway; anything but the expected status is an error. */
async function call(base: string, method: string, path: string, expected: number, body?: unknown, token?: string): Promise<Json> {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Json) : {};
}

/** Runs `task` for 0..count-1, at most `width` at a time. */
async function forEachLimited(count: number, width: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/**
 * The shop the way staff and members build it, through the gateway: the configured admin promotes
 * a staff member, who files `books` books of `stock` units in a category; `members` members sign up.
 */
export async function setUpShop(
  gateway: string,
  admin: { email: string; password: string },
  options: { books: number; stock: number; members: number },
): Promise<Shop> {
  const tag = randomBytes(4).toString('hex');
  const password = 'bench member passphrase';
  const staffEmail = `staff-${tag}@example.com`;
  const staff = await call(gateway, 'POST', '/api/auth/register', 201, { email: staffEmail, password, name: 'Bench Staff' });
  const adminToken = (await call(gateway, 'POST', '/api/auth/login', 200, admin)).accessToken as string;
  await call(gateway, 'PATCH', `/api/users/${staff.user.id}`, 200, { role: 'staff' }, adminToken);
  // The role is a claim of the token: sign in again to carry it.
  const staffToken = (await call(gateway, 'POST', '/api/auth/login', 200, { email: staffEmail, password })).accessToken as string;
  const category = await call(gateway, 'POST', '/api/categories', 201, { name: `Bench ${tag}` }, staffToken);

  const bookIds: string[] = new Array(options.books);
  const salt = Number.parseInt(tag, 16) % 1e9;
  await forEachLimited(options.books, 8, async (i) => {
    const book = await call(
      gateway,
      'POST',
      '/api/books',
      201,
      {
        title: `Bench book ${i + 1}`,
        authors: ['A. Writer'],
        // The catalog refuses duplicates, so each book gets its own number.
        isbn: isbn13Of(salt + i),
        publicationYear: 2020,
        price: 1500,
        currency: 'USD',
        stock: options.stock,
        location: 'B1-1',
        categoryId: category.id,
      },
      staffToken,
    );
    bookIds[i] = book.id as string;
  });

  const memberTokens: string[] = new Array(options.members);
  await forEachLimited(options.members, 4, async (i) => {
    const member = await call(gateway, 'POST', '/api/auth/register', 201, { email: `member-${i}-${tag}@example.com`, password, name: `Member ${i}` });
    memberTokens[i] = member.accessToken as string;
  });
  return { bookIds, memberTokens, initialStock: options.stock };
}
