import type { SeedCatalog } from './seed-catalog.ts';
import type { SeedMember } from './members.ts';
import { ORDER_MIX } from './order-mix.ts';
import { weightedSampler } from './random.ts';
import type { RandomStream } from './random.ts';

/** One book of an order, at the title and price it was sold at. */
export interface SeedOrderItem {
  bookId: string;
  bookIndex: number;
  title: string;
  unitPrice: number;
  quantity: number;
}

/** Draws of a sold-out or not-yet-shelved book tried again before the line is given up. */
const REDRAWS = 4;

/**
 * What one order buys, under ORDER_MIX, from the stock left: a group's books or books drawn by
 * popularity (from the member's favourite shelves or the whole shop), each at most once, only
 * books on the shelf at the order's time, never more units than are left. A live order takes its
 * units; a cancelled one was placed the same way but gave them back.
 */
export function orderLines(random: RandomStream, catalog: SeedCatalog, stock: Int32Array) {
  const { books, popularity, affinityGroups } = catalog;
  const anyBook = weightedSampler(popularity);
  const shelfBooks = catalog.categories.map((category) => books.filter((book) => book.categoryIndex === category.index).map((book) => book.index));
  const shelfSamplers = shelfBooks.map((indexes) => weightedSampler(indexes.map((index) => popularity[index]!)));
  const anyGroup = weightedSampler(affinityGroups.map((group) => group.weight));
  const drawLineCount = weightedSampler(ORDER_MIX.lineWeights);
  const drawQuantity = weightedSampler(ORDER_MIX.quantityWeights);

  const popularBook = (member: SeedMember): number => {
    if (random.chance(ORDER_MIX.favouriteShelfShare)) {
      const shelf = member.favouriteShelves[random.int(0, member.favouriteShelves.length - 1)]!;
      if (shelfBooks[shelf]!.length > 0) return shelfBooks[shelf]![shelfSamplers[shelf]!(random.next())]!;
    }
    return anyBook(random.next());
  };

  return {
    draw(member: SeedMember, at: number, live: boolean): SeedOrderItem[] {
      const items: SeedOrderItem[] = [];
      const take = (index: number): boolean => {
        const book = books[index]!;
        if (book.createdAt.getTime() > at || stock[index]! <= 0 || items.some((item) => item.bookIndex === index)) return false;
        const quantity = Math.min(drawQuantity(random.next()) + 1, stock[index]!);
        if (live) stock[index]! -= quantity;
        items.push({ bookId: book.id, bookIndex: index, title: book.title, unitPrice: book.price, quantity });
        return true;
      };
      const takePopular = () => {
        for (let attempt = 0; attempt <= REDRAWS && !take(popularBook(member)); attempt++);
      };
      if (affinityGroups.length > 0 && random.chance(ORDER_MIX.groupShare)) {
        const group = affinityGroups[anyGroup(random.next())]!;
        const chosen = group.bookIndexes.filter(() => random.chance(ORDER_MIX.groupBookChance));
        // At least two of the group: a group order is a co-purchase.
        for (const index of group.bookIndexes) if (chosen.length < 2 && !chosen.includes(index)) chosen.push(index);
        for (const index of chosen) take(index);
        if (random.chance(ORDER_MIX.groupExtraLine)) takePopular();
      } else {
        const count = drawLineCount(random.next()) + 1;
        for (let line = 0; line < count; line++) takePopular();
      }
      if (items.length === 0) takeAnyInStock(at, take);
      return items;
    },
  };

  /** The rare order whose every draw was sold out buys the next book on the shelf that has stock. */
  function takeAnyInStock(at: number, take: (index: number) => boolean): void {
    const from = random.int(0, books.length - 1);
    for (let step = 0; step < books.length; step++) {
      const index = (from + step) % books.length;
      if (books[index]!.createdAt.getTime() <= at && stock[index]! > 0 && take(index)) return;
    }
    throw new Error('Every book is sold out: the catalog has too little stock for this many orders');
  }
}
