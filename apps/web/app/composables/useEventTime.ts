/** An event's times in its own time zone and the reader's language, for templates. */
export function useEventTime() {
  const { locale } = useI18n();
  const tag = computed(() => (locale.value === 'id' ? 'id-ID' : 'en-GB'));
  return {
    times: (event: { startsAt: string; endsAt: string; timezone: string }, style: 'full' | 'medium' = 'full') =>
      formatEventTimes(event.startsAt, event.endsAt, event.timezone, tag.value, style),
    instant: (iso: string, timeZone: string) => formatEventInstant(iso, timeZone, tag.value),
  };
}
