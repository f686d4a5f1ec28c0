// The web app: public pages rendered on the server (fast on a phone, readable by search engines),
// a single-page app after the first load, served by the platform's own HTTP server (see serve/).
export default defineNuxtConfig({
  compatibilityDate: '2026-12-01',
  devtools: { enabled: false },
  telemetry: false,
  modules: ['@pinia/nuxt', 'pinia-plugin-persistedstate/nuxt', 'nuxt-security'],
  css: ['~/assets/main.css'],
  imports: { presets: [{ from: 'vue-i18n', imports: ['useI18n'] }] },
  app: {
    head: {
      title: 'Pustaka',
      htmlAttrs: { lang: 'id' },
      meta: [
        { name: 'description', content: 'Pustaka: a bookshop that also runs events. Books in Indonesian and English, readings, launches and workshops.' },
        { name: 'theme-color', content: '#1f4d3a' },
      ],
      link: [{ rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }],
    },
  },
  runtimeConfig: {
    public: {
      /** The shop's language when a visitor has not chosen one (SHOP_LOCALE in the platform's env). */
      defaultLocale: 'id',
    },
  },
  // Pages about one member or for staff are drawn by the browser: their data needs the member's
  // token, which never travels in a cookie.
  routeRules: {
    '/account/**': { ssr: false },
    '/staff/**': { ssr: false },
    '/cart': { ssr: false },
    '/checkout': { ssr: false },
    '/sign-in': { ssr: false },
    '/sign-up': { ssr: false },
    '/notifications': { ssr: false },
  },
  nitro: {
    // A request listener that the platform's Fastify server calls for page paths.
    preset: 'node-listener',
    compressPublicAssets: true,
    serveStatic: true,
    // Everything in the bundle, built for production: the server code then runs the same whatever
    // NODE_ENV the process that serves it has (a test runner sets `test`).
    noExternals: true,
  },
  // The platform's Fastify server owns limits, CORS and request sizes; nuxt-security owns the
  // page's headers: a CSP whose scripts carry a fresh nonce per answer (Nuxt's own inline
  // bootstrap included), no framing, nosniff.
  security: {
    nonce: true,
    rateLimiter: false,
    requestSizeLimiter: false,
    xssValidator: false,
    corsHandler: false,
    csrf: false,
    removeLoggers: false,
    headers: {
      crossOriginEmbedderPolicy: false,
      contentSecurityPolicy: {
        'default-src': ["'self'"],
        'script-src': ["'self'", "'nonce-{{nonce}}'", "'strict-dynamic'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        // Covers may live on the shop's image host or a CDN (a book's coverUrl is any https address).
        'img-src': ["'self'", 'data:', 'blob:', 'https:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': false,
      },
      strictTransportSecurity: false,
      xFrameOptions: 'DENY',
      referrerPolicy: 'strict-origin-when-cross-origin',
      permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
    },
  },
  vite: { build: { target: 'es2022' } },
});
