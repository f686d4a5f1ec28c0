// `npm run reindex`: rebuilds discovery's search index and recommendations from scratch from their
// owners; the same as `npm run rebuild -- discovery`.
//
//   npm run reindex                                   the embedded default, with `npm start` stopped: in this
//                                                     process, on the database the configuration names
//                                                     (DATABASE_URL, else the PGlite under DATA_DIR)
//   npm run reindex -- --url http://localhost:8080    a running platform (embedded or cluster), through its
//                                                     admin route, signed in as ADMIN_EMAIL / ADMIN_PASSWORD
//
// Search keeps answering from the live index until the rebuilt one takes its place. Prints progress;
// exits 1 when the rebuild failed (the live index is then as it was).
import { parseArgs } from 'node:util';
import { runRebuildCommand } from './src/rebuild-command.ts';
import { rebuildTarget } from './src/rebuild-targets.ts';

const { values } = parseArgs({ options: { url: { type: 'string' } } });
await runRebuildCommand(rebuildTarget('discovery')!, { url: values.url });
