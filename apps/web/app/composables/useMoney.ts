/** Money and dates in the current language, for templates: `money(book.price, book.currency)`. */
export function useFormat() {
  const { locale } = useI18n();
  const tag = computed(() => (locale.value === 'id' ? 'id-ID' : 'en-GB'));
  return {
    money: (amount: number, currency: string) => formatMoney(amount, currency, tag.value),
    dateTime: (iso: string) => formatDateTime(iso, tag.value),
    date: (iso: string) => formatDate(iso, tag.value),
  };
}
