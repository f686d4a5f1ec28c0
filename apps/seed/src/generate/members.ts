import { randomStream, weightedSampler } from './random.ts';
import { days, shopWindow } from './shop-window.ts';
import { shelves } from './shelves.ts';

/** A member of the seeded shop; members come in the order they joined. */
export interface SeedMember {
  index: number;
  id: string;
  /** Normalised as identity stores it (lower case), unique. */
  email: string;
  name: string;
  createdAt: Date;
  /** The shelves (category indexes) this member buys from most. */
  favouriteShelves: number[];
}

export interface MemberOptions {
  seed: number;
  members: number;
  until: Date;
}

/** Members who joined before the first order; the others join through the two years. */
const EARLY_SHARE = 0.3;
const DOMAINS = ['example.com', 'example.net', 'example.org', 'example.co.id'];

/**
 * The shop's members, in the order they joined: four in five with Indonesian names, each with an
 * address at a reserved example domain and two favourite shelves (their orders lean on them).
 *
 * @example
 *   const members = generateMembers({ seed: 42, members: 10_000, until: new Date('2026-01-01') });
 *   members[0].email; // '<first>.<last>@example.<tld>' of the first member to have joined
 */
export function generateMembers(options: MemberOptions): SeedMember[] {
  const random = randomStream(options.seed, 'members');
  const window = shopWindow(options.until);
  const start = window.start.getTime();
  const span = window.until.getTime() - start;
  // Joining times first, sorted, so index order is joining order (the first joined before any order).
  const joined = Array.from({ length: options.members }, (_, i) =>
    i === 0 || random.chance(EARLY_SHARE) ? start - Math.floor(random.next() * days(1_000)) - 1 : start + Math.floor(random.next() * (span - days(1))),
  ).sort((a, b) => a - b);
  const drawShelf = weightedSampler(shelves.map((shelf) => shelf.size));
  const emails = new Set<string>();
  return joined.map((createdAt, index) => {
    const faker = random.chance(0.8) ? random.indonesian : random.english;
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const email = uniqueEmail(`${first}.${last}`, random.pick(DOMAINS), emails);
    const favourite = drawShelf(random.next());
    let second = drawShelf(random.next());
    if (second === favourite) second = (favourite + 1) % shelves.length;
    return { index, id: random.uuidAt(createdAt), email, name: `${first} ${last}`, createdAt: new Date(createdAt), favouriteShelves: [favourite, second] };
  });
}

function uniqueEmail(name: string, domain: string, taken: Set<string>): string {
  const local = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '');
  for (let n = 1; ; n++) {
    const email = `${local}${n === 1 ? '' : n}@${domain}`;
    if (!taken.has(email)) {
      taken.add(email);
      return email;
    }
  }
}
