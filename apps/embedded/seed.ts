// `npm run seed`: fills an empty catalog with the demo shop, in the database the configuration
// names (DATABASE_URL, else the embedded PGlite under DATA_DIR; stop `npm start` first, since
// PGlite must not be opened by two processes). Does nothing when the catalog has data.
import { createLogger } from '@pustaka/kit/log';
import { seedDemoCatalog } from '@pustaka/catalog';
import { loadEmbeddedConfig } from './config.ts';
import { openEmbeddedDatabase } from './src/build-embedded.ts';

const config = loadEmbeddedConfig();
const logger = createLogger({ name: 'seed', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
const database = await openEmbeddedDatabase(config);
try {
  const result = await seedDemoCatalog(database, { logger });
  console.log(result.books > 0 ? `Seeded ${result.categories} categories and ${result.books} books.` : 'The catalog already has data; nothing seeded.');
} finally {
  await database.close();
}
