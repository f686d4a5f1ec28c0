import { createI18n } from 'vue-i18n';
import en from '~/locales/en';
import id from '~/locales/id';

export type Locale = 'id' | 'en';
export const LOCALES: readonly Locale[] = ['id', 'en'];

/**
 * Indonesian and English. The language is the visitor's choice (a cookie, so the server renders
 * the first page in it too), else the shop's default (SHOP_LOCALE, `id` unless set).
 */
export default defineNuxtPlugin((nuxtApp) => {
  const chosen = useCookie<string | null>('pustaka_lang', { maxAge: 60 * 60 * 24 * 365, sameSite: 'lax' });
  const fallback = useRuntimeConfig().public.defaultLocale === 'en' ? 'en' : 'id';
  const locale: Locale = chosen.value === 'en' || chosen.value === 'id' ? chosen.value : fallback;
  const i18n = createI18n({ legacy: false, globalInjection: true, locale, fallbackLocale: 'en', messages: { en, id } });
  nuxtApp.vueApp.use(i18n);
  useHead({ htmlAttrs: { lang: () => i18n.global.locale.value } });
  return {
    provide: {
      setLocale: (next: Locale) => {
        chosen.value = next;
        i18n.global.locale.value = next;
      },
    },
  };
});
