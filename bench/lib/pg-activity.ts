import pg from 'pg';

export const ACTIVITY_KINDS = ['lock', 'wal', 'cpu', 'client', 'idle'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
/** Per database: how many of its sessions were, on average, in each kind of state. */
export type ActivityProfile = Record<string, Record<ActivityKind, number>>;

const SAMPLE_MS = 100;

/**
 * Samples `pg_stat_activity` while a round runs, to say where a transaction's time goes from
 * PostgreSQL's side: waiting for a row lock (`lock`), for WAL/IO (`wal`, e.g. the commit's fsync),
 * executing (`cpu`), or inside an open transaction waiting for its client's next statement
 * (`client`: a lock held across a client's round trips is held that long). Bounded by `maxMs`.
 */
export async function sampleActivity(serverUrl: string, databases: string[], maxMs: number): Promise<{ stop(): Promise<ActivityProfile> }> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  const totals: ActivityProfile = Object.fromEntries(
    databases.map((db) => [db, Object.fromEntries(ACTIVITY_KINDS.map((kind) => [kind, 0]))]),
  ) as ActivityProfile;
  let samples = 0;
  let stopped = false;
  const deadline = Date.now() + maxMs;
  const loop = (async () => {
    while (!stopped && Date.now() < deadline) {
      const { rows } = await client.query<{ datname: string; kind: ActivityKind; n: number }>(
        `
        select datname, case
            when state = 'idle in transaction' then 'client'
            when state = 'idle' then 'idle'
            when wait_event_type = 'Lock' then 'lock'
            when wait_event_type in ('IO', 'LWLock') then 'wal'
            else 'cpu' end as kind, count(*)::int as n
        from pg_stat_activity
        where datname = any($1) and backend_type = 'client backend' and pid <> pg_backend_pid()
        group by 1, 2`,
        [databases],
      );
      for (const row of rows) totals[row.datname]![row.kind] += row.n;
      samples += 1;
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop.catch(() => {});
      await client.end().catch(() => {});
      for (const kinds of Object.values(totals)) for (const kind of ACTIVITY_KINDS) kinds[kind] = samples ? kinds[kind] / samples : 0;
      return totals;
    },
  };
}

/** `catalog: lock 8.9  wal 0.1  cpu 0.2  client 0.8  idle 0.0` */
export function formatActivity(label: string, kinds: Record<ActivityKind, number>): string {
  return `${label.padEnd(9)} ${ACTIVITY_KINDS.map((kind) => `${kind} ${kinds[kind].toFixed(1).padStart(4)}`).join('  ')}`;
}
