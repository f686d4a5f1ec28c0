import type { RandomStream } from './random.ts';
import type { Shelf } from './shelves.ts';
import { englishWords, indonesianWords, synopsisAdjectives } from './title-words.ts';
import type { TitleWords } from './title-words.ts';

/** The language a seeded book is written in. */
export type Language = 'id' | 'en';

const ATTEMPTS = 12;

/**
 * Makes book titles that sound like a shelf's books, never the same title twice in one catalog
 * (so a search for a title has one book to find): after a few draws that were taken, a subtitle
 * is added, and as a last resort a number.
 */
export function titleMaker(random: RandomStream) {
  const taken = new Set<string>();
  const claim = (title: string) => {
    taken.add(title.toLowerCase());
    return title;
  };
  const free = (title: string) => !taken.has(title.toLowerCase());
  return {
    title(shelf: Shelf, language: Language): string {
      const words = wordsOf(language);
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const title = fill(random, language, pattern(random, shelf, words), shelf);
        if (free(title)) return claim(title);
      }
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const title = `${fill(random, language, pattern(random, shelf, words), shelf)}: ${fill(random, language, random.pick(words.subtitles), shelf)}`;
        if (free(title)) return claim(title);
      }
      const stem = fill(random, language, pattern(random, shelf, words), shelf);
      for (let n = 2; ; n++) if (free(`${stem} ${n}`)) return claim(`${stem} ${n}`);
    },
    /** The title of the `n`-th book of a series (`n` ≥ 2). */
    sequel(first: string, n: number, language: Language): string {
      return claim(wordsOf(language).seriesTitle.replace('{B}', first).replace('{n}', String(n)));
    },
  };
}

/**
 * One or two sentences about a book in its language.
 *
 * @example
 *   synopsisOf(random, shelf, 'id'); // e.g. 'Di Ambon, Sari menemukan surat yang mengubah segalanya.'
 */
export function synopsisOf(random: RandomStream, shelf: Shelf, language: Language): string {
  const words = wordsOf(language);
  const stories = shelf.kind === 'nonfiction' ? words.synopses.slice(4) : words.synopses.slice(0, 4);
  const faker = language === 'id' ? random.indonesian : random.english;
  return random
    .pick(stories)
    .replace('{a}', random.pick(synopsisAdjectives[language]))
    .replace('{n}', random.pick(words.nouns).toLowerCase())
    .replace('{n2}', random.pick(words.nouns).toLowerCase())
    .replace('{P}', random.pick(words.places))
    .replace('{F}', faker.person.firstName());
}

function wordsOf(language: Language): TitleWords {
  return language === 'id' ? indonesianWords : englishWords;
}

function pattern(random: RandomStream, shelf: Shelf, words: TitleWords): string {
  if (shelf.kind === 'children') return random.pick(words.childrenTitles);
  if (shelf.kind === 'nonfiction') return random.pick(words.topicTitles);
  return random.pick(words.storyTitles);
}

/** Fills each placeholder with its own draw, so `{N} and {N}` names two different things. */
function fill(random: RandomStream, language: Language, template: string, shelf: Shelf): string {
  const words = wordsOf(language);
  const faker = language === 'id' ? random.indonesian : random.english;
  const topics = shelf.topics?.[language] ?? words.nouns;
  return template.replace(/\{([NAPFXT])\}/g, (_match, slot: string) => {
    switch (slot) {
      case 'N':
        return random.pick(words.nouns);
      case 'A':
        return random.pick(words.adjectives);
      case 'P':
        return random.pick(words.places);
      case 'F':
        return faker.person.firstName();
      case 'X':
        return random.pick(words.animals);
      default:
        return random.pick(topics);
    }
  });
}
