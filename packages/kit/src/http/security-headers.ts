import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { HelmetOptions } from 'helmet';
import type { HttpApp } from './http-app.ts';

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The policy of pages (HTML: the API explorer at `/docs`, later the web app), as helmet writes it:
 * a Content-Security-Policy that lets a page run only its own scripts and load only its own
 * styles, images and data, no framing by other sites (`frame-ancestors 'none'`), `nosniff`, and
 * only the origin as referrer to other sites.
 */
const PAGE_POLICY: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Swagger UI sets inline styles as it renders; scripts stay strictly the site's own, which
      // is what stops an injected script.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      scriptSrcAttr: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  strictTransportSecurity: false,
};

/**
 * Every other answer (JSON, problems, calendars) is data, never a document a browser renders: the
 * policy that says so (`default-src 'none'; frame-ancestors 'none'`, as OWASP advises for APIs),
 * `nosniff`, no framing, same-origin resource policy, and nothing else. The headers that only
 * matter for documents would double the bytes of a small JSON answer for nothing.
 */
const DATA_POLICY: Readonly<HelmetOptions> = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  strictTransportSecurity: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/**
 * The headers helmet sets for a policy, worked out once: a policy does not depend on the request,
 * and running helmet's middleware on every request cost the cached book read more than half its
 * throughput (`npm run bench -- book-read`: 0.18 of bare Fastify with it, 0.40 without any headers).
 */
export function securityHeadersOf(policy: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(policy)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return Object.freeze(headers);
}

/**
 * Every answer, errors included, carries the headers of its kind: a page's (HTML) or data's. HSTS
 * is added only over TLS (`https`, also as a trusted proxy reports it): sent over plain HTTP it
 * would be ignored, and on `localhost` it would pin a developer's browser to https for a year.
 */
export function registerSecurityHeaders(app: HttpApp): void {
  const page = securityHeadersOf(PAGE_POLICY);
  const data = securityHeadersOf(DATA_POLICY);
  // A callback hook, not an async one: it runs on every answer (see measureRequests).
  app.addHook('onSend', (request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    reply.headers(typeof type === 'string' && type.startsWith('text/html') ? page : data);
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    done(null, payload);
  });
}
