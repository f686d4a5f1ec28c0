// `npm run seed`: the demo shop into an empty catalog and ticketing, or with a size (`-- --books 100000 ...`) a
// whole generated shop, into the embedded app's database or (`--cluster`) the cluster's. The app
// must be stopped: the seed writes to its databases directly. `--help` says the rest.
import { seedDemoCatalog } from '@pustaka/catalog';
import { seedDemoEvents } from '@pustaka/ticketing';
import { generateShop } from '@pustaka/seed/generate';
import { importShop, ShopNotEmptyError } from './src/import-shop.ts';
import { parseSeedArgs, USAGE } from './src/seed-args.ts';
import type { SeedArgs } from './src/seed-args.ts';
import { clusterTarget, embeddedTarget } from './src/seed-targets.ts';
import type { SeedTarget } from './src/seed-targets.ts';

let args: SeedArgs;
try {
  args = parseSeedArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const target = args.cluster ? await clusterTarget(process.env) : await embeddedTarget(process.env);
try {
  if (args.sizes) await seedGeneratedShop(target, args, args.sizes);
  else await seedDemoShop(target);
} catch (error) {
  console.error(error instanceof ShopNotEmptyError ? error.message : error);
  process.exitCode = 1;
} finally {
  await target.close();
}

async function seedDemoShop(target: SeedTarget): Promise<void> {
  const result = await seedDemoCatalog(target.databases.catalog);
  console.log(result.books > 0 ? `Seeded ${result.categories} categories and ${result.books} books.` : 'The catalog already has data; nothing seeded.');
  const events = await seedDemoEvents(target.databases.ticketing);
  console.log(events.events > 0 ? `Seeded ${events.events} upcoming events.` : 'Ticketing already has events; none seeded.');
}

async function seedGeneratedShop(target: SeedTarget, args: SeedArgs, sizes: NonNullable<SeedArgs['sizes']>): Promise<void> {
  const until = args.until.toISOString().slice(0, 10);
  const again = `--books ${sizes.books} --members ${sizes.members} --orders ${sizes.orders} --events ${sizes.events} --seed ${args.seed} --until ${until}`;
  console.log(`Seeding ${target.description}: ${again}`);
  const shop = generateShop({ ...sizes, seed: args.seed, until: args.until });
  const result = await importShop(target.imports, shop, { replace: args.replace, password: args.password, print: console.log });
  await target.rebuildReadModels(console.log);
  console.log(
    [
      `Imported ${result.rows.toLocaleString('en')} rows in ${result.seconds.toFixed(1)} s (${Math.round(result.rows / result.seconds).toLocaleString('en')} rows/s).`,
      `Every seeded member signs in with the password ${result.password} (for example ${shop.members[0]?.email ?? 'no member'}).`,
      `The same shop again: npm run seed -- ${again}${args.cluster ? ' --cluster' : ''} --replace`,
    ].join('\n'),
  );
}
