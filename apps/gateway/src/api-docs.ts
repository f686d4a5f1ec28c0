import type { Logger } from '@pustaka/kit/log';
import { createRouteTable } from '@pustaka/kit/platform';
import type { Upstream } from '../config.ts';

/** The parts of an OpenAPI 3.1 document the merge reads; everything else is kept as the gateway's. */
export interface OpenApiDocument {
  info?: { description?: string; [key: string]: unknown };
  paths?: Record<string, unknown>;
  components?: Record<string, Record<string, unknown> | undefined>;
  tags?: Array<{ name: string }>;
  [key: string]: unknown;
}

export interface ApiDocsOptions {
  upstreams: readonly Upstream[];
  /** The gateway's own document (its health routes, security schemes, title). */
  own: () => OpenApiDocument;
  logger: Logger;
  /** Documents older than this are fetched again on the next request for the docs. */
  refreshMs: number;
  fetchTimeoutMs?: number;
}

export interface ApiDocs {
  /** The merged document, refreshed first when stale or when an upstream was missing. */
  document(): Promise<OpenApiDocument>;
}

// An upstream that was down is asked again at most this often, so a docs page reload stays fast.
const MISSING_RETRY_MS = 2_000;

/**
 * One OpenAPI document for every route behind the gateway: each upstream's `/openapi.json`, keeping
 * only the paths the gateway routes to that upstream (never its /healthz, /readyz or /metrics),
 * merged into the gateway's own. Fetched on demand, at most once per `refreshMs`, never on a timer.
 *
 * @example
 *   const docs = createApiDocs({ upstreams: config.upstreams, own: () => app.swagger(), logger, refreshMs: 60_000 });
 *   const merged = await docs.document(); // merged.paths['/api/books/{id}']
 */
export function createApiDocs(options: ApiDocsOptions): ApiDocs {
  const fetched = new Map<string, OpenApiDocument>();
  const names = options.upstreams.map((upstream) => upstream.name);
  let attemptedAt = 0;
  let refreshing: Promise<void> | undefined;

  async function refresh(): Promise<void> {
    attemptedAt = Date.now();
    await Promise.all(
      options.upstreams.map(async ({ name, url }) => {
        try {
          const response = await fetch(`${url}/openapi.json`, { signal: AbortSignal.timeout(options.fetchTimeoutMs ?? 2_000) });
          if (!response.ok) throw new Error(`answered ${response.status}`);
          fetched.set(name, (await response.json()) as OpenApiDocument);
        } catch (error) {
          // Keep the last good copy: an upstream restarting should not blank its part of the docs.
          options.logger.warn({ upstream: name, err: error }, 'could not fetch the API document of an upstream');
        }
      }),
    );
  }

  function stale(): boolean {
    const age = Date.now() - attemptedAt;
    return age > options.refreshMs || (fetched.size < names.length && age > MISSING_RETRY_MS);
  }

  return {
    async document() {
      if (stale()) {
        refreshing ??= refresh().finally(() => {
          refreshing = undefined;
        });
        await refreshing;
      }
      return mergeDocuments(options.own(), fetched, options.upstreams);
    },
  };
}

/**
 * The gateway's document plus, from each upstream's, the paths routed to it and its components.
 *
 * @example
 *   mergeDocuments(own, new Map([['catalog', catalogDoc]]), config.upstreams).paths; // own paths + /api/books...
 */
export function mergeDocuments(own: OpenApiDocument, documents: ReadonlyMap<string, OpenApiDocument>, upstreams: readonly Upstream[]): OpenApiDocument {
  const table = createRouteTable(upstreams);
  const paths: Record<string, unknown> = { ...own.paths };
  const components: Record<string, Record<string, unknown>> = {};
  const tags = new Map((own.tags ?? []).map((tag) => [tag.name, tag]));
  for (const document of [own, ...documents.values()]) {
    for (const [section, entries] of Object.entries(document.components ?? {})) {
      // First one wins: the kit gives every service the same security scheme and shared schemas.
      components[section] = { ...entries, ...components[section] };
    }
  }
  for (const [name, document] of documents) {
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      if (table.ownerOf(path) === name) paths[path] = item;
    }
    for (const tag of document.tags ?? []) if (!tags.has(tag.name)) tags.set(tag.name, tag);
  }
  const missing = upstreams.map((upstream) => upstream.name).filter((name) => !documents.has(name));
  const note = missing.length > 0 ? `\n\nNot shown (unreachable when the gateway last asked): ${missing.join(', ')}.` : '';
  return {
    ...own,
    info: { ...own.info, description: `${own.info?.description ?? 'Every service of Pustaka behind one gateway.'}${note}` },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components,
    ...(tags.size > 0 ? { tags: [...tags.values()] } : {}),
  };
}
