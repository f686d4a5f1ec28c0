// `npm run rebuild -- <discovery|analytics>`: rebuilds a read model from scratch from its owners,
// who list what they own over gRPC page by page.
//
//   npm run rebuild -- analytics                            the embedded default, with `npm start` stopped: in
//                                                           this process, on the database the configuration
//                                                           names (DATABASE_URL, else the PGlite under DATA_DIR)
//   npm run rebuild -- analytics --url http://localhost:8080   a running platform (embedded or cluster), through
//                                                           its admin route, signed in as ADMIN_EMAIL / ADMIN_PASSWORD
//
// discovery: the search index and the recommendations (as `npm run reindex`); analytics: the
// dashboard's rollups. The live read model keeps answering until the rebuilt one takes its place.
// Prints progress; exits 1 when the rebuild failed (the live one is then as it was), 2 on bad usage.
import { parseArgs } from 'node:util';
import { runRebuildCommand } from './src/rebuild-command.ts';
import { REBUILD_TARGETS, rebuildTarget } from './src/rebuild-targets.ts';

const { values, positionals } = parseArgs({ options: { url: { type: 'string' } }, allowPositionals: true });
const target = positionals.length === 1 ? rebuildTarget(positionals[0]) : undefined;
if (!target) {
  console.error(`Usage: npm run rebuild -- <${REBUILD_TARGETS.map((each) => each.name).join('|')}> [--url <platform>]`);
  process.exitCode = 2;
} else {
  await runRebuildCommand(target, { url: values.url });
}
