import { beforeAll, expect, it } from 'vitest';
import type { Client } from '@connectrpc/connect';
import { BOOK_CREATED, BOOK_UPDATED } from '@pustaka/contracts';
import { Inventory } from '@pustaka/contracts/catalog/v1';
import type { Book } from '@pustaka/contracts/catalog/v1';
import { sql } from '@pustaka/kit/db';
import { createInMemoryTransport, createRpcClient, keysetPages } from '@pustaka/kit/rpc';
import { describeService } from '@pustaka/kit/testing';
import type { CatalogContext } from '../src/catalog-context.ts';
import { registerInventoryRpc } from '../src/inventory/inventory.rpc.ts';
import { catalogContextOver, createBook, createCategory, startCatalog } from './support.ts';

describeService('the books listed to other services (Inventory.ListBooks)', startCatalog, (sut, { storage, backend }) => {
  let ctx: CatalogContext;
  let inventory: Client<typeof Inventory>;

  beforeAll(async () => {
    ctx = catalogContextOver(storage);
    const transport = createInMemoryTransport((router) => registerInventoryRpc(router, ctx, 600), { logger: ctx.logger });
    inventory = createRpcClient(Inventory, transport, { name: `catalog-listing-${backend.name}` });
  });

  const listAll = async (pageSize: number) => {
    const pages: string[][] = [];
    const books: Book[] = [];
    for await (const page of keysetPages(async (afterId) => {
      const { books: listed, nextAfterId } = await inventory.listBooks({ afterId, pageSize });
      return { items: listed, nextAfterId };
    })) {
      pages.push(page.map((book) => book.id));
      books.push(...page);
    }
    return { pages, books };
  };
  /** The payload of the newest book.created or book.updated the catalog recorded for a book. */
  const lastRecorded = async (bookId: string) => {
    const { rows } = await sql<{ payload: Record<string, unknown> }>`
      select envelope->'payload' as payload from catalog.outbox
      where type in (${BOOK_CREATED}, ${BOOK_UPDATED}) and envelope->'payload'->>'bookId' = ${bookId}
      order by seq desc limit 1`.execute(ctx.db);
    return rows[0]!.payload;
  };

  it('lists every live book once, in id order, page after page, each whole as its last book.* event carried it', async () => {
    const categoryId = await createCategory(sut, { name: 'Sastra Indonesia' });
    const books: Array<{ id: string }> = [];
    for (const title of ['Bumi Manusia', 'Anak Semua Bangsa', 'Jejak Langkah', 'Rumah Kaca', 'Arus Balik']) {
      books.push(await createBook(sut, categoryId, { title, authors: ['Pramoedya Ananta Toer'], stock: 3 }));
    }
    expect((await sut.api.patch(`/api/books/${books[1]!.id}`, { token: sut.tokens.staff, body: { title: 'Anak Semua Bangsa (edisi baru)' } })).status).toBe(
      200,
    );
    expect((await sut.api.delete(`/api/books/${books[4]!.id}`, { token: sut.tokens.staff })).status).toBe(204);

    const { pages, books: listed } = await listAll(2);
    const live = books
      .slice(0, 4)
      .map((book) => book.id)
      .sort();
    expect(pages).toEqual([live.slice(0, 2), live.slice(2, 4)]);
    for (const book of listed) {
      const { bookId, ...recorded } = await lastRecorded(book.id);
      expect({ id: book.id, ...recorded }).toEqual({ ...book, $typeName: undefined });
    }
    expect(listed.find((book) => book.id === books[1]!.id)).toMatchObject({ title: 'Anak Semua Bangsa (edisi baru)', categoryName: 'Sastra Indonesia' });
  });

  it('says a page is the last one when it is, and lists nothing after the last id', async () => {
    const { books } = await listAll(1000);
    const last = books.at(-1)!.id;
    expect((await inventory.listBooks({ afterId: '', pageSize: books.length })).nextAfterId).toBe('');
    expect((await inventory.listBooks({ afterId: '', pageSize: books.length - 1 })).nextAfterId).toBe(books.at(-2)!.id);
    expect(await inventory.listBooks({ afterId: last, pageSize: 10 })).toMatchObject({ books: [], nextAfterId: '' });
    expect((await inventory.listBooks({ afterId: '', pageSize: 0 })).books).toHaveLength(Math.min(books.length, 100));
  });

  it('refuses a page size above 1000 or below 0, and an after_id that is not an id', async () => {
    for (const request of [
      { afterId: '', pageSize: 1001 },
      { afterId: '', pageSize: -1 },
      { afterId: 'not-an-id', pageSize: 10 },
    ]) {
      await expect(inventory.listBooks(request), JSON.stringify(request)).rejects.toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED', status: 400 });
    }
  });
});
