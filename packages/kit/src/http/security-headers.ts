import helmet from '@fastify/helmet';
import type { HttpApp } from './http-app.ts';

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The headers every answer carries (helmet): a Content-Security-Policy that lets a page run only
 * its own scripts and load only its own styles, images and data (what the API explorer at `/docs` needs; `swaggerCSP` lists any
 * inline hashes it has), no framing by other sites (`frame-ancestors 'none'`), `nosniff`, and no
 * referrer sent off the site. HSTS only over TLS (`https`, also as a trusted proxy reports it):
 * sent over plain HTTP it would be ignored by browsers, and on `localhost` it would pin a developer's
 * browser to https for a year.
 */
export async function registerSecurityHeaders(app: HttpApp): Promise<void> {
  const docs = (app as HttpApp & { swaggerCSP?: { script: string[]; style: string[] } }).swaggerCSP ?? { script: [], style: [] };
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...docs.script],
        // Swagger UI sets inline styles as it renders; scripts stay strictly the site's own, which
        // is what stops an injected script.
        styleSrc: ["'self'", "'unsafe-inline'", ...docs.style],
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
  });
  // A callback hook, not an async one: it runs on every request (see measureRequests).
  app.addHook('onRequest', (request, reply, done) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    done();
  });
}
