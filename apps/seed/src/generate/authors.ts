import type { RandomStream } from './random.ts';
import { weightedSampler, zipfWeights } from './random.ts';
import type { Language } from './titles.ts';

/** How many books an author writes on average; a few write many, most one or two. */
const BOOKS_PER_AUTHOR = 3.5;

/**
 * The writers of one shelf in one language: a pool sized for the books it will write, drawn from
 * with a skew (prolific authors), names from Faker's Indonesian and English people.
 */
export function authorPool(random: RandomStream, language: Language, expectedBooks: number, taken: Set<string>) {
  const size = Math.max(3, Math.ceil(expectedBooks / BOOKS_PER_AUTHOR));
  const names: string[] = [];
  while (names.length < size) {
    const name = authorName(random, language);
    if (taken.has(name)) continue;
    taken.add(name);
    names.push(name);
  }
  const draw = weightedSampler(zipfWeights(random, size, 0.8, 3));
  return () => names[draw(random.next())]!;
}

function authorName(random: RandomStream, language: Language): string {
  if (language === 'id') {
    const faker = random.indonesian;
    // Many Indonesian writers go by one name (Chairil Anwar's peers, many of today's too).
    if (random.chance(0.12)) return faker.person.firstName();
    return `${faker.person.firstName()} ${faker.person.lastName()}`;
  }
  const faker = random.english;
  const middle = random.chance(0.15) ? ` ${faker.person.firstName().charAt(0)}.` : '';
  return `${faker.person.firstName()}${middle} ${faker.person.lastName()}`;
}
