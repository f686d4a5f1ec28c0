import { defineStore } from 'pinia';

export interface CartLine {
  bookId: string;
  title: string;
  authors: string[];
  price: number;
  currency: string;
  quantity: number;
}

/** Most of one title an order may hold (the API's own bound). */
export const MAX_QUANTITY = 100;

/** The basket, kept across reloads in localStorage; prices are as last seen (the order says the real ones). */
export const useCart = defineStore(
  'cart',
  () => {
    const lines = ref<CartLine[]>([]);
    const count = computed(() => lines.value.reduce((sum, line) => sum + line.quantity, 0));
    const totals = computed(() => {
      const byCurrency = new Map<string, number>();
      for (const line of lines.value) byCurrency.set(line.currency, (byCurrency.get(line.currency) ?? 0) + line.price * line.quantity);
      return [...byCurrency].map(([currency, amount]) => ({ currency, amount }));
    });

    function add(book: Omit<CartLine, 'quantity'>, quantity = 1) {
      const line = lines.value.find((candidate) => candidate.bookId === book.bookId);
      if (line) line.quantity = Math.min(MAX_QUANTITY, line.quantity + quantity);
      else lines.value.push({ ...book, quantity: Math.min(MAX_QUANTITY, quantity) });
    }

    function setQuantity(bookId: string, quantity: number) {
      const line = lines.value.find((candidate) => candidate.bookId === bookId);
      if (!line) return;
      if (quantity <= 0) remove(bookId);
      else line.quantity = Math.min(MAX_QUANTITY, Math.floor(quantity));
    }

    function remove(bookId: string) {
      lines.value = lines.value.filter((line) => line.bookId !== bookId);
    }

    function clear() {
      lines.value = [];
    }

    return { lines, count, totals, add, setQuantity, remove, clear };
  },
  { persist: { storage: piniaPluginPersistedstate.localStorage() } },
);
