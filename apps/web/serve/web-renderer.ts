import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { HttpApp } from '@pustaka/kit/http';
import { WEB_OUTPUT } from './web-build.ts';

/** What the renderer's own API calls carry, so the edge does not count a page's data twice. */
export const RENDER_KEY_HEADER = 'x-pustaka-render';

/** Where the web app's server-side code finds the API of the process it runs in. */
export interface RenderContext {
  apiOrigin: string;
  renderKey: string;
}

/**
 * The paths the web app answers: everything the API, the probes and the docs do not. An unknown
 * `/api/...` stays the API's 404 (problem+json), never a page.
 */
const NOT_PAGES = /^\/(api|ws|docs|openapi\.json|healthz|readyz|metrics|\.well-known)(\/|$|\?)/;

export interface WebRenderer {
  /** True for the renderer's own API calls (the edge's rate limit lets them through: the page was counted). */
  isOwnRequest(request: FastifyRequest): boolean;
  /** Serves the built web app at every page path of `app` (register after the API). */
  mount(app: HttpApp): Promise<void>;
}

/**
 * The Nuxt app (built by `ensureWebBuild`) served by the process's own HTTP server: pages are
 * rendered on the server for the public routes (their data fetched from this server's API over
 * loopback, anonymously), the rest by the browser. Built assets (`/_nuxt/`, hashed names) are not
 * rate limited: a page's scripts are one visit, not twenty.
 */
export interface WebRendererOptions {
  /** The shop's language for visitors who have not chosen one (SHOP_LOCALE). */
  shopLocale: 'id' | 'en';
}

export function createWebRenderer(options: WebRendererOptions): WebRenderer {
  const renderKey = randomBytes(24).toString('base64url');
  const key = Buffer.from(renderKey);
  return {
    isOwnRequest(request) {
      const sent = request.headers[RENDER_KEY_HEADER];
      return typeof sent === 'string' && sent.length === renderKey.length && timingSafeEqual(Buffer.from(sent), key);
    },
    async mount(app) {
      // Nuxt reads its runtime config from the environment once, when the build is first imported.
      process.env.NUXT_PUBLIC_DEFAULT_LOCALE = options.shopLocale;
      const nitro = (await import(pathToFileURL(join(WEB_OUTPUT, 'server', 'index.mjs')).href)) as {
        listener: (request: IncomingMessage, response: ServerResponse) => void;
      };
      const render = (request: FastifyRequest, response: ServerResponse) => {
        // On the raw request, where the app's server code reads it; never from a client's header.
        Object.defineProperty(request.raw, 'pustakaRender', { value: { apiOrigin: loopbackOrigin(app), renderKey } satisfies RenderContext });
        nitro.listener(request.raw, response);
      };
      app.route({
        method: ['GET', 'HEAD'],
        url: '/_nuxt/*',
        schema: { hide: true },
        config: { rateLimit: false },
        handler: (request, reply) => {
          reply.hijack();
          render(request, reply.raw);
        },
      });
      app.route({
        method: ['GET', 'HEAD'],
        url: '/*',
        schema: { hide: true },
        handler: (request, reply) => {
          if (NOT_PAGES.test(request.url)) return reply.callNotFound();
          reply.hijack();
          render(request, reply.raw);
        },
      });
    },
  };
}

/** This server on loopback, whichever address it listens on (the port is known once it listens). */
function loopbackOrigin(app: HttpApp): string {
  const address = app.server.address() as AddressInfo | null;
  if (!address) throw new Error('the web app renders only once the server listens');
  const host =
    address.family === 'IPv6' ? (address.address === '::' ? '[::1]' : `[${address.address}]`) : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
  return `http://${host}:${address.port}`;
}
