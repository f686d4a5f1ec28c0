import { catalogBulkImport } from '@pustaka/catalog';
import { clusterDatabases, ensureDatabases } from '@pustaka/cluster';
import { clusterOptionsFromEnv } from '@pustaka/cluster/config';
import { openEmbeddedDatabase } from '@pustaka/embedded';
import { loadEmbeddedConfig } from '@pustaka/embedded/config';
import { identityBulkImport } from '@pustaka/identity';
import { openDatabase } from '@pustaka/kit/db';
import type { Database } from '@pustaka/kit/db';
import { ordersBulkImport } from '@pustaka/orders';
import { ticketingBulkImport } from '@pustaka/ticketing';
import type { ShopImports } from './import-shop.ts';
import type { Print } from './progress.ts';
import { rebuildEmbeddedReadModels } from './rebuild-read-models.ts';

/** The services' databases as one shop: where each owner's rows go. */
export interface SeedTarget {
  /** Where the data goes, for the log: the PGlite directory, or the databases. */
  description: string;
  /** Each service's database (the same one for all in the embedded app). */
  databases: { identity: Database; catalog: Database; orders: Database; ticketing: Database };
  imports: ShopImports;
  /** Brings the read models (discovery's, analytics') up to the seeded owners, or says how to. */
  rebuildReadModels(print: Print): Promise<void>;
  close(): Promise<void>;
}

/** A few connections per database: the seed writes one chunk at a time per service. */
const POOL_MAX = 4;
/**
 * The embedded app's one database serves every service during discovery's rebuild too: a page of
 * orders is written while the next is listed, and the services' jobs run beside them (one waiting
 * for the rebuild's lock), so four connections are not enough there.
 */
const EMBEDDED_POOL_MAX = 10;

/**
 * The embedded app's one database, as `npm start` opens it: `DATABASE_URL`, else PGlite under
 * `DATA_DIR` (stop `npm start` first: PGlite must not be opened by two processes).
 *
 * @example
 *   const target = await embeddedTarget(process.env);
 */
export async function embeddedTarget(env: NodeJS.ProcessEnv): Promise<SeedTarget> {
  const config = loadEmbeddedConfig(env);
  const database = await openEmbeddedDatabase({ ...config, DATABASE_POOL_MAX: EMBEDDED_POOL_MAX });
  return {
    description: config.DATABASE_URL ? 'the embedded app on DATABASE_URL' : `the embedded app's PGlite in ${config.DATA_DIR}`,
    databases: { identity: database, catalog: database, orders: database, ticketing: database },
    imports: shopImportsOver({ identity: database, catalog: database, orders: database, ticketing: database }),
    rebuildReadModels: (print) => rebuildEmbeddedReadModels(config, database, print),
    close: () => database.close(),
  };
}

/**
 * Each service's own database as `npm run cluster` names them (`CLUSTER_DATABASE_URL`,
 * `CLUSTER_DATABASE_PREFIX`: `pustaka_catalog`, ...), created when missing.
 *
 * @example
 *   const target = await clusterTarget(process.env);
 */
export async function clusterTarget(env: NodeJS.ProcessEnv): Promise<SeedTarget> {
  const options = clusterOptionsFromEnv(env);
  const names = clusterDatabases(options);
  await ensureDatabases(
    options.postgresUrl,
    Object.values(names).map((each) => each.name),
  );
  const open = (service: keyof typeof names) => openDatabase({ url: names[service].url, poolMax: POOL_MAX });
  const databases = {
    identity: await open('identity'),
    catalog: await open('catalog'),
    orders: await open('orders'),
    ticketing: await open('ticketing'),
  };
  return {
    description: `the cluster's databases ${Object.values(names)
      .map((each) => each.name)
      .join(', ')}`,
    databases,
    imports: shopImportsOver(databases),
    // Discovery and analytics rebuild from the owners' gRPC listings, which only the running cluster serves.
    rebuildReadModels: async (print) =>
      print(
        [
          'Search, recommendations and the dashboard do not know the seeded shop yet: start the cluster (npm run cluster), then rebuild them from the owners:',
          '  ADMIN_EMAIL=... ADMIN_PASSWORD=... npm run rebuild -- discovery --url http://127.0.0.1:8080',
          '  ADMIN_EMAIL=... ADMIN_PASSWORD=... npm run rebuild -- analytics --url http://127.0.0.1:8080',
        ].join('\n'),
      ),
    close: async () => {
      await Promise.all(Object.values(databases).map((database) => database.close()));
    },
  };
}

/**
 * Each owner's bulk import over its database.
 *
 * @example
 *   await importShop(shopImportsOver({ identity: database, catalog: database, orders: database, ticketing: database }), shop, options);
 */
export function shopImportsOver(databases: SeedTarget['databases']): ShopImports {
  return {
    identity: identityBulkImport(databases.identity),
    catalog: catalogBulkImport(databases.catalog),
    orders: ordersBulkImport(databases.orders),
    ticketing: ticketingBulkImport(databases.ticketing),
  };
}
