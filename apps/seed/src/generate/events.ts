import type { SeedCatalog } from './seed-catalog.ts';
import { randomStream } from './random.ts';
import type { RandomStream } from './random.ts';
import { seatingOf } from './seating.ts';
import type { SeedSeating } from './seating.ts';
import { days } from './shop-window.ts';

export type { SeedSeat, SeedSeating } from './seating.ts';

/** An event of the seeded shop; prices (in `seating`) in minor units of `currency`. */
export interface SeedEvent {
  index: number;
  id: string;
  title: string;
  description: string;
  venue: string;
  timezone: string;
  startsAt: Date;
  endsAt: Date;
  salesOpenAt: Date | null;
  status: 'draft' | 'published' | 'cancelled';
  seating: SeedSeating;
  currency: 'IDR';
  createdAt: Date;
  publishedAt: Date | null;
  cancelledAt: Date | null;
}

export interface EventOptions {
  seed: number;
  events: number;
}

const VENUES: ReadonlyArray<[venue: string, timezone: string]> = [
  ['Pustaka Hall, Jl. Braga 12, Bandung', 'Asia/Jakarta'],
  ['Pustaka Kemang, Jl. Kemang Raya 8, Jakarta Selatan', 'Asia/Jakarta'],
  ['Pustaka Malioboro, Jl. Malioboro 52, Yogyakarta', 'Asia/Jakarta'],
  ['Pustaka Tunjungan, Jl. Tunjungan 31, Surabaya', 'Asia/Jakarta'],
  ['Pustaka Sanur, Jl. Danau Tamblingan 40, Denpasar', 'Asia/Makassar'],
  ['Pustaka Losari, Jl. Penghibur 9, Makassar', 'Asia/Makassar'],
  ['Pustaka Ambon, Jl. Pattimura 5, Ambon', 'Asia/Jayapura'],
];
const CANCELLED_SHARE = 0.04;
const HOUR = 3_600_000;

/**
 * Events through the shop's two years and the four months after `until`: author talks and book
 * launches about the catalog's books, workshops and readings, at the shop's venues, seated (a
 * layout of sections, rows and a few blocked seats) or general admission. An event not yet
 * published by `until` is a draft; a few were cancelled.
 *
 * @example
 *   const events = generateEvents(catalog, { seed: 42, events: 1_000 });
 *   events[0].seating; // { kind: 'seated', sections: [{ name: 'Depan', rows: ['A', 'B', 'C'], seatsPerRow: 12, price }], blocked: [] }, or general admission
 */
export function generateEvents(catalog: SeedCatalog, options: EventOptions): SeedEvent[] {
  const random = randomStream(options.seed, 'events');
  const start = catalog.window.start.getTime();
  const until = catalog.window.until.getTime();
  const span = until + days(120) - start;
  const events: SeedEvent[] = [];
  for (let index = 0; index < options.events; index++) {
    const [venue, timezone] = random.pick(VENUES);
    // Evenings, 18:00 to 20:00 Jakarta time (11:00–13:00 UTC), on a day of the window.
    const day = Math.floor((start + random.next() * span) / days(1)) * days(1);
    const startsAt = day + (11 + random.int(0, 2)) * HOUR;
    const createdAt = startsAt - days(random.int(20, 90));
    const publishedAt = createdAt + days(random.int(1, 7));
    const status = publishedAt > until ? 'draft' : random.chance(CANCELLED_SHARE) ? 'cancelled' : 'published';
    const cancelledAt = status === 'cancelled' ? Math.min(publishedAt + Math.floor(random.next() * (startsAt - publishedAt)), until - 1) : null;
    const { title, description } = eventTextOf(random, catalog);
    events.push({
      index,
      id: random.uuidAt(createdAt),
      title,
      description,
      venue,
      timezone,
      startsAt: new Date(startsAt),
      endsAt: new Date(startsAt + random.int(1, 3) * HOUR),
      salesOpenAt: random.chance(0.3) ? new Date(publishedAt + days(random.int(0, 5))) : null,
      status,
      seating: seatingOf(random),
      currency: 'IDR',
      createdAt: new Date(createdAt),
      publishedAt: status === 'draft' ? null : new Date(publishedAt),
      cancelledAt: cancelledAt === null ? null : new Date(cancelledAt),
    });
  }
  return events;
}

function eventTextOf(random: RandomStream, catalog: SeedCatalog): { title: string; description: string } {
  const book = catalog.books.length > 0 ? random.pick(catalog.books) : undefined;
  const author = book?.authors[0] ?? 'Pustaka';
  if (book?.language === 'id') {
    return random.pick([
      { title: `Bedah Buku: ${book.title}`, description: `${author} membahas ${book.title} bersama pembaca, dilanjutkan tanda tangan buku.` },
      { title: `Temu Penulis: ${author}`, description: `Sore bersama ${author}: tentang menulis, membaca, dan ${book.title}.` },
      { title: `Peluncuran Buku ${book.title}`, description: `Peluncuran buku terbaru ${author}, dengan pembacaan dan diskusi.` },
      { title: 'Lokakarya Menulis Cerpen', description: `Dua jam menulis cerpen bersama ${author}. Bawa buku catatan.` },
      { title: 'Malam Puisi Pustaka', description: 'Pembacaan puisi terbuka: siapa pun boleh naik panggung.' },
    ]);
  }
  return random.pick([
    { title: `Book Talk: ${book?.title ?? 'New Releases'}`, description: `${author} on ${book?.title ?? 'this season'}, followed by questions and a signing.` },
    { title: `An Evening with ${author}`, description: `${author} reads from new work and talks about writing.` },
    { title: `Book Launch: ${book?.title ?? 'New Releases'}`, description: `Celebrate the launch of ${author}'s new book with a reading and drinks.` },
    { title: 'Translation Workshop', description: `Translating fiction between Indonesian and English, with ${author}.` },
    { title: "Children's Story Hour", description: 'Picture books read aloud for children from four to eight.' },
  ]);
}
