import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChildServer } from '../lib/child-server.ts';
import { runLoad, summarize } from '../lib/load.ts';
import type { LoadResult } from '../lib/load.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
/** The server's LOG_LEVEL: `info` (the default) logs a line per request; `warn` is request logging off. */
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const TARGET_RATIO = 0.75;

/**
 * Cached `GET /api/books/:id` on the embedded server (real logging, auth hook, validation,
 * cache) against a bare Fastify route returning the same JSON, alternating rounds so both see
 * the same machine noise. Reports medians and the ratio of requests/s.
 */
export async function bookRead(): Promise<boolean> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pustaka-bench-'));
  const platform = await startChildServer(
    join(root, 'apps/embedded/main.ts'),
    {
      DATA_DIR: dataDir,
      LOG_LEVEL,
      LOG_PRETTY: 'false',
      NODE_ENV: 'production',
      // The load comes from one address; the limiter still runs on each request, as under npm start.
      RATE_LIMIT_PER_MINUTE: '100000000',
    },
    { port: 18080, readyPath: '/readyz' },
  );
  try {
    const list = (await (await fetch(`${platform.url}/api/books?pageSize=1`)).json()) as { items: { id: string }[] };
    const id = list.items[0]!.id;
    const bookUrl = `${platform.url}/api/books/${id}`;
    const body = await (await fetch(bookUrl)).text();
    const bare = await startChildServer(join(root, 'bench/baselines/bare-fastify.ts'), { BENCH_BODY: body }, { port: 18081 });
    try {
      const bareUrl = `${bare.url}/api/books/${id}`;
      if ((await (await fetch(bareUrl)).text()) !== body) throw new Error('baseline does not return the same JSON');
      const load = (url: string) => runLoad({ url, connections: CONNECTIONS, durationSeconds: DURATION });
      await load(bookUrl); // warm-up: JIT, cache, connection pools
      await load(bareUrl);
      const pustaka: LoadResult[] = [];
      const baseline: LoadResult[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        pustaka.push(await load(bookUrl));
        baseline.push(await load(bareUrl));
        console.log(
          `round ${round}: pustaka ${pustaka.at(-1)!.requestsPerSecond.toFixed(0)} req/s, bare ${baseline.at(-1)!.requestsPerSecond.toFixed(0)} req/s`,
        );
      }
      return report(summarize(pustaka), summarize(baseline), body.length);
    } finally {
      await bare.stop();
    }
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(pustaka: LoadResult, baseline: LoadResult, bytes: number): boolean {
  const ratio = pustaka.requestsPerSecond / baseline.requestsPerSecond;
  const row = (name: string, r: LoadResult) =>
    `${name.padEnd(28)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50Ms).padStart(4)} ms   p99 ${String(r.p99Ms).padStart(4)} ms   errors ${r.errors} non-2xx ${r.non2xx}`;
  console.log(`\nbook-read: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION}s, ${bytes}-byte body, LOG_LEVEL=${LOG_LEVEL} (medians)`);
  console.log(row('GET /api/books/:id (cached)', pustaka));
  console.log(row('bare Fastify, same JSON', baseline));
  const pass = ratio >= TARGET_RATIO && pustaka.errors === 0 && pustaka.non2xx === 0;
  console.log(`ratio ${ratio.toFixed(2)} of baseline req/s (target ≥ ${TARGET_RATIO}): ${pass ? 'PASS' : 'FAIL'}`);
  return pass;
}
