import { parseArgs } from 'node:util';

/** What `npm run seed -- ...` was asked for. */
export interface SeedArgs {
  /** A shop of these sizes; absent: the demo shop, as before any size flag existed. */
  sizes?: { books: number; members: number; orders: number; events: number };
  seed: number;
  /** The end of the shop's two years of history. */
  until: Date;
  cluster: boolean;
  replace: boolean;
  password?: string | undefined;
  help: boolean;
}

export const USAGE = `npm run seed [-- options]

Without a size: seeds the demo shop (11 categories, 240 books; 7 upcoming events) into an empty
catalog and an empty ticketing.
With a size: fills the whole shop (catalog, members, orders, events) with generated data,
the same for the same --seed and --until.

  --books N       books (default with another size: 100,000)
  --members N     members (default: books / 10)
  --orders N      orders over two years (default: books x 10)
  --events N      events with seats and bookings (default: books / 100)
  --seed N        the seed number (default 42)
  --until DATE    the day the two years of history end (default: today, UTC)
  --cluster       the cluster's databases (CLUSTER_DATABASE_URL, CLUSTER_DATABASE_PREFIX),
                  else the embedded app's (DATABASE_URL, else PGlite under DATA_DIR)
  --replace       delete the shop's books, orders, members and events first
                  (staff and admins stay); without it a shop that has any is refused
  --password P    every seeded member's password (default: generated, printed)
  --help

Stop the app first (npm start or npm run cluster): the seed writes to its databases directly.`;

const LIMITS = { books: 1_000_000, members: 1_000_000, orders: 20_000_000, events: 100_000 };

/**
 * Reads the command line of `npm run seed`; throws a message for the user on a bad value.
 *
 * @example
 *   parseSeedArgs(['--books', '1000'], new Date('2026-01-01')).sizes; // { books: 1000, members: 100, orders: 10000, events: 10 }
 */
export function parseSeedArgs(argv: string[], today: Date = new Date()): SeedArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      books: { type: 'string' },
      members: { type: 'string' },
      orders: { type: 'string' },
      events: { type: 'string' },
      seed: { type: 'string' },
      until: { type: 'string' },
      cluster: { type: 'boolean', default: false },
      replace: { type: 'boolean', default: false },
      password: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const given = (['books', 'members', 'orders', 'events'] as const).some((size) => values[size] !== undefined);
  const books = count('books', values.books, 100_000);
  const sizes = given
    ? {
        books,
        members: count('members', values.members, Math.max(1, Math.round(books / 10))),
        orders: count('orders', values.orders, books * 10),
        events: count('events', values.events, Math.max(1, Math.round(books / 100))),
      }
    : undefined;
  if (sizes && sizes.orders > 0 && (sizes.books === 0 || sizes.members === 0))
    throw new Error('Orders need books and members: give --books and --members above 0');
  if (sizes && sizes.events > 0 && sizes.books === 0) throw new Error('Events are about books: give --books above 0');
  return {
    ...(sizes ? { sizes } : {}),
    seed: count('seed', values.seed, 42, Number.MAX_SAFE_INTEGER),
    until: untilOf(values.until, today),
    cluster: values.cluster,
    replace: values.replace,
    password: values.password,
    help: values.help,
  };
}

function count(name: string, value: string | undefined, fallback: number, max = LIMITS[name as keyof typeof LIMITS]): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.replace(/_/g, '')) || Number(value.replace(/_/g, '')) > max)
    throw new Error(`--${name} takes a whole number from 0 to ${max.toLocaleString('en')}`);
  return Number(value.replace(/_/g, ''));
}

function untilOf(value: string | undefined, today: Date): Date {
  if (value === undefined) return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const until = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!until || until.toISOString().slice(0, 10) !== value) throw new Error('--until takes a date such as 2026-01-31');
  return until;
}
