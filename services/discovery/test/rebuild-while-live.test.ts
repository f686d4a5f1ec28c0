import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { sql } from '@pustaka/kit/db';
import { createLogger } from '@pustaka/kit/log';
import { createRpcTransport } from '@pustaka/kit/rpc';
import { describeService } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import type { RebuildStepProgress } from '../src/discovery.tables.ts';
import { rebuildReadModels } from '../src/discovery.service-module.ts';
import { addBook, addCategory, indexSnapshot, publishEvent, rebuildThroughRoute, startDiscovery, titlesFound, untilIndexed } from './support.ts';

/** Two rows a page, so a rebuild of a few books takes several pages to pause between. */
const PAGE_SIZE = 2;
const settings = { DISCOVERY_REBUILD_PAGE_SIZE: PAGE_SIZE };
const logger = createLogger({ name: 'test', level: 'silent' });

describeService(
  'a rebuild of the search index while the shop goes on',
  (storage: TestStorage) => startDiscovery(storage, settings),
  (sut, { storage }) => {
    let categoryId: string;

    beforeAll(async () => {
      categoryId = await addCategory(sut, 'Sastra Indonesia');
    });

    /** Runs a rebuild in this process that calls `atPage` after each page of books, before going on. */
    const rebuildPausing = (atPage: (steps: readonly RebuildStepProgress[]) => Promise<void>) =>
      rebuildReadModels({
        database: storage.database,
        rpc: sut.platform.rpc,
        logger,
        settings,
        onProgress: async (steps) => {
          if (steps[0]!.state === 'running' && steps[0]!.items > 0) await atPage(steps);
        },
      });
    const shelf = async (count: number, title: string) => {
      const books = [];
      for (let n = 0; n < count; n++) books.push(await addBook(sut, categoryId, { title: `${title} ${n}`, authors: ['Seno Gumira Ajidarma'], stock: 5 }));
      await untilIndexed(storage);
      return books.map((book) => book.id as string).sort();
    };

    it('keeps every event applied while it runs: one on a book already written, one on a book not yet read, a stock change and a deletion', async () => {
      const ids = await shelf(8, 'Saksi Mata');
      const [early, second] = ids;
      const [doomed, late] = ids.slice(-2);
      let during: Awaited<ReturnType<typeof indexSnapshot>> | undefined;
      const run = await rebuildPausing(async (steps) => {
        if (steps[0]!.items !== PAGE_SIZE) return;
        // The first page (the two lowest ids) is in the rebuilt index; the last ones are not read yet.
        expect((await sut.api.patch(`/api/books/${early}`, { token: sut.staff, body: { title: 'Penembak Misterius' } })).status).toBe(200);
        expect((await sut.api.patch(`/api/books/${late}`, { token: sut.staff, body: { title: 'Sepotong Senja untuk Pacarku' } })).status).toBe(200);
        expect((await sut.api.post(`/api/books/${second}/stock`, { token: sut.staff, body: { set: 0 } })).status).toBe(200);
        expect((await sut.api.delete(`/api/books/${doomed}`, { token: sut.staff })).status).toBe(204);
        await untilIndexed(storage);
        during = await indexSnapshot(storage);
      });
      expect(run).toMatchObject({ state: 'succeeded', steps: [{ name: 'books', items: 7 }, { name: 'events' }] });

      const rebuilt = await indexSnapshot(storage);
      // What the live index held once it had applied those events, versions and all, is what went live
      // (of a withdrawn document, what search could ever use: it is out of search, its content version kept).
      expect(rebuilt.documents.map(asSearchUsesIt)).toEqual(during!.documents.map(asSearchUsesIt));
      expect(rebuilt.suggestions).toEqual(during!.suggestions);
      expect(await titlesFound(sut, 'q=penembak')).toEqual(['Penembak Misterius']);
      expect(await titlesFound(sut, 'q=senja')).toEqual(['Sepotong Senja untuk Pacarku']);
      expect(await titlesFound(sut, 'q=saksi&inStock=false')).toEqual([titleOf(during!, second!)]);
      expect(await titlesFound(sut, 'q=saksi')).toHaveLength(5);
      expect(rebuilt.documents.find((document) => document.id === doomed)).toMatchObject({ searchable: false, title: '' });
    });

    it('answers every search from the whole live index while it runs, then from the rebuilt one', async () => {
      await shelf(6, 'Negeri Senja');
      const search = async () => {
        const [found, suggested] = await Promise.all([sut.api.get('/api/search?q=negeri'), sut.api.get('/api/search/suggest?q=negeri')]);
        return { status: [found.status, suggested.status], total: found.body.total, suggestions: suggested.body.suggestions?.length };
      };
      const expected = await search();
      expect(expected).toEqual({ status: [200, 200], total: 6, suggestions: 6 });
      // Searches all along, from other clients, and one at every page, while the rebuilt index is half written.
      let rebuilding = true;
      const alongside: Array<Awaited<ReturnType<typeof search>>> = [];
      const searching = Array.from({ length: 3 }, async () => {
        while (rebuilding) alongside.push(await search());
      });
      const atPages: Array<Awaited<ReturnType<typeof search>>> = [];
      const run = await rebuildPausing(async () => {
        atPages.push(await search());
      }).finally(() => (rebuilding = false));
      await Promise.all(searching);
      expect(run.state).toBe('succeeded');
      expect(atPages.length).toBeGreaterThan(3);
      expect([...atPages, ...alongside].filter((answer) => JSON.stringify(answer) !== JSON.stringify(expected))).toEqual([]);
      expect(await search()).toEqual(expected);
    });

    it('lets admins alone start and follow one, refuses a second while one runs (409), and takes over one abandoned', async () => {
      const member = await sut.member();
      for (const [token, status] of [
        [undefined, 401],
        [member, 403],
        [sut.staff, 403],
      ] as const) {
        expect((await sut.api.post('/api/search/reindex', { token })).status).toBe(status);
        expect((await sut.api.get(`/api/search/reindex/${randomUUID()}`, { token })).status).toBe(status);
      }
      expect((await sut.api.get(`/api/search/reindex/${randomUUID()}`, { token: sut.admin })).body).toMatchObject({ status: 404, code: 'REBUILD_NOT_FOUND' });

      await shelf(3, 'Trilogi Insiden');
      let paused: { runId: string; refused: { status: number; body: any }; shown: any } | undefined;
      const run = await rebuildPausing(async () => {
        if (paused) return;
        const refused = await sut.api.post('/api/search/reindex', { token: sut.admin });
        const runId = refused.body.runId as string;
        paused = { runId, refused, shown: (await sut.api.get(`/api/search/reindex/${runId}`, { token: sut.admin })).body };
      });
      expect(paused!.refused).toMatchObject({ status: 409, body: { code: 'REBUILD_RUNNING' } });
      expect(paused!.runId).toBe(run.id);
      expect(paused!.shown).toMatchObject({
        id: run.id,
        state: 'running',
        steps: [
          { name: 'books', state: 'running' },
          { name: 'events', state: 'waiting', items: 0 },
        ],
      });
      expect(paused!.shown.steps[0].items).toBeGreaterThan(0);

      // A run whose process died: running, its heartbeat long still, its shadow left behind.
      const abandoned = randomUUID();
      const longAgo = new Date(Date.now() - 10 * 60_000);
      await sql`insert into discovery.rebuilds (id, state, capturing, steps, started_at, heartbeat_at) values (${abandoned}, 'running', true, '[]', ${longAgo}, ${longAgo})`.execute(
        storage.database.root,
      );
      await sql`create schema discovery_rebuild`.execute(storage.database.root);
      await sql`create table discovery_rebuild.documents (like discovery.documents including all)`.execute(storage.database.root);
      const takenOver = await rebuildThroughRoute(sut);
      expect(takenOver.state).toBe('succeeded');
      expect((await sut.api.get(`/api/search/reindex/${abandoned}`, { token: sut.admin })).body).toMatchObject({
        state: 'failed',
        error: expect.stringMatching(/^Abandoned/),
      });
    });

    it('leaves the live index as it was when an owner fails during a rebuild, and says why', async () => {
      await shelf(3, 'Kitab Omong Kosong');
      await publishEvent(sut, { title: 'Bincang Kitab Omong Kosong' });
      await untilIndexed(storage);
      const before = await indexSnapshot(storage);
      const unreachableTicketing = {
        transportTo: (service: string) => (service === 'ticketing' ? createRpcTransport('http://127.0.0.1:9') : sut.platform.rpc.transportTo(service)),
      };
      await expect(
        rebuildReadModels({ database: storage.database, rpc: unreachableTicketing, logger, settings: { ...settings, DISCOVERY_OWNER_DEADLINE_MS: 500 } }),
      ).rejects.toThrow(/UPSTREAM_UNAVAILABLE/);
      expect(await indexSnapshot(storage)).toEqual(before);
      const { rows } = await sql<{ name: string }>`select schema_name as name from information_schema.schemata where schema_name = 'discovery_rebuild'`.execute(
        storage.database.root,
      );
      expect(rows).toEqual([]);
      expect((await rebuildThroughRoute(sut)).state).toBe('succeeded');
    });
  },
);

function titleOf(snapshot: Awaited<ReturnType<typeof indexSnapshot>>, id: string): string {
  return snapshot.documents.find((document) => document.id === id)!.title as string;
}

/** A document as search can use it: the whole of a searchable one; of a withdrawn one, that it is withdrawn and by which event. */
function asSearchUsesIt(document: Record<string, unknown>) {
  if (document.searchable) return document;
  const { id, type, searchable, title, people, body, search_vector, content_version } = document;
  return { id, type, searchable, title, people, body, search_vector, content_version };
}
