// `npm run dashboards:sync` writes Pustaka's Grafana dashboards to deploy/grafana/dashboards/ from
// the panels below and the service list (a service's consumers, outbox and gRPC clients come from
// its manifest); `--check` (run by `npm run check`) fails when the committed JSON is stale.
// Every query must return series on a running cluster: apps/cluster/test/prometheus.test.ts
// evaluates each one through a real Prometheus.
import { mkdir, readFile, readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { services } from '@pustaka/services';
import type { ServiceManifest } from '@pustaka/kit/manifest';

const OUT = join(import.meta.dirname, '..', 'deploy', 'grafana', 'dashboards');
/** The provisioned data source (deploy/grafana/provisioning/datasources/prometheus.yaml). */
const DATASOURCE = { type: 'prometheus', uid: 'pustaka-prometheus' };
const RATE = '$__rate_interval';
const HTTP = 'pustaka_http_request_duration_seconds';

interface Query {
  expr: string;
  legend: string;
}

interface Panel {
  title: string;
  description: string;
  unit: string;
  queries: Query[];
}

interface Dashboard {
  uid: string;
  title: string;
  description: string;
  rows: Array<{ title: string; panels: Panel[] }>;
}

const panel = (title: string, description: string, unit: string, ...queries: Array<[expr: string, legend: string]>): Panel => ({
  title,
  description,
  unit,
  queries: queries.map(([expr, legend]) => ({ expr, legend })),
});

/** `a or (b * 0)`: a ratio or a rate of something that has not happened yet reads 0, not no data. */
const orZero = (expr: string, every: string) => `${expr} or ${every} * 0`;

const p95 = (by: string, bucket: string) => `histogram_quantile(0.95, sum by (${by}, le) (rate(${bucket}[${RATE}])))`;

function requestPanels(selector: string, by: string): Panel[] {
  const all = `sum by (${by}) (rate(${HTTP}_count{${selector}}[${RATE}]))`;
  const failed = `sum by (${by}) (rate(${HTTP}_count{${selector}, status=~"5.."}[${RATE}]))`;
  return [
    panel('Requests', 'Answered requests per second (probes are not counted).', 'reqps', [all, `{{${by.split(', ').join('}} {{')}}}`]),
    panel('Server errors', 'Share of answers that were 5xx: what PustakaHighErrorRate alerts on above 5%.', 'percentunit', [
      `(${orZero(failed, all)}) / ${all}`,
      `{{${by.split(', ').join('}} {{')}}}`,
    ]),
    panel('Latency p95', 'The 95th percentile of request durations (the WebSocket upgrade is left out: a socket lives for minutes).', 's', [
      p95(by, `${HTTP}_bucket{${selector}, route!="/ws"}`),
      `{{${by.split(', ').join('}} {{')}}}`,
    ]),
  ];
}

function processPanels(service: string): Panel[] {
  const of = `service="${service}"`;
  return [
    panel('CPU', 'CPU seconds per second of each process.', 'percentunit', [`rate(process_cpu_seconds_total{${of}}[${RATE}])`, '{{instance}}']),
    panel('Memory', 'Resident memory of each process.', 'bytes', [`process_resident_memory_bytes{${of}}`, '{{instance}}']),
    panel('Event-loop lag p99', 'How late timers and I/O callbacks run: high means the process is CPU-bound.', 's', [
      `nodejs_eventloop_lag_p99_seconds{${of}}`,
      '{{instance}}',
    ]),
    panel('Cache lookups', 'Cache-aside reads by scope and outcome (hit, miss, joined a load in flight).', 'ops', [
      `sum by (scope, outcome) (rate(pustaka_cache_lookups_total{${of}}[${RATE}]))`,
      '{{scope}} {{outcome}}',
    ]),
  ];
}

function outboxPanels(selector: string, publishes = true): Panel[] {
  const published = panel('Events published', 'Events the relays published, by type.', 'ops', [
    `sum by (event) (rate(pustaka_bus_published_total{${selector}}[${RATE}]))`,
    '{{event}}',
  ]);
  return [
    panel('Outbox backlog', 'Events recorded but not yet published (every replica reports its outbox: the max).', 'short', [
      `max by (schema) (pustaka_outbox_pending_events{${selector}})`,
      '{{schema}}',
    ]),
    panel('Oldest unsent event', 'How long the oldest unpublished event has waited: PustakaOutboxStale fires above 60 s.', 's', [
      `max by (schema) (pustaka_outbox_oldest_pending_age_seconds{${selector}})`,
      '{{schema}}',
    ]),
    // A service that publishes nothing of its own still has an outbox (its dead letters are announced through it).
    ...(publishes ? [published] : []),
  ];
}

function consumerPanels(selector: string): Panel[] {
  return [
    panel('Events acknowledged', 'Events consumers acknowledged, by outcome (applied, or a duplicate the inbox skipped).', 'ops', [
      `sum by (consumer, outcome) (rate(pustaka_bus_consumed_total{${selector}}[${RATE}]))`,
      '{{consumer}} {{outcome}}',
    ]),
    panel('Consumer lag p95', "From an event's commit in its producer to its effect's commit in the consumer.", 's', [
      p95('consumer', `pustaka_bus_consumer_lag_seconds_bucket{${selector}}`),
      '{{consumer}}',
    ]),
    panel('Queue length', 'Messages waiting in each consumer queue (replicas share one queue: the max).', 'short', [
      `max by (consumer) (pustaka_bus_consumer_queue_messages{${selector}})`,
      '{{consumer}}',
    ]),
    panel(
      'Retries and dead letters',
      'Deliveries scheduled for another attempt, and events given up on in the last hour.',
      'short',
      [`sum by (consumer) (rate(pustaka_bus_retried_total{${selector}}[${RATE}]))`, '{{consumer}} retries/s'],
      [`sum by (consumer) (increase(pustaka_bus_dead_letters_total{${selector}}[1h]))`, '{{consumer}} dead letters (1h)'],
    ),
  ];
}

function jobPanels(selector: string): Panel[] {
  return [
    panel('Job runs', 'Scheduled job ticks by outcome (skipped: another replica held it).', 'ops', [
      `sum by (job_name, outcome) (rate(pustaka_job_runs_total{${selector}}[${RATE}]))`,
      '{{job_name}} {{outcome}}',
    ]),
    panel('Job duration p95', 'How long a scheduled job run takes.', 's', [
      p95('job_name', `pustaka_job_duration_seconds_bucket{${selector}}`),
      '{{job_name}}',
    ]),
  ];
}

function breakerPanels(service: string): Panel[] {
  const of = `service="${service}"`;
  return [
    panel('gRPC breakers', 'Circuit breaker of each gRPC client: 0 closed, 1 half-open, 2 open (PustakaBreakerOpen).', 'short', [
      `max by (client) (pustaka_rpc_breaker_state{${of}})`,
      '{{client}}',
    ]),
    panel('gRPC calls', 'Calls to each upstream by method (0 for an upstream not called yet).', 'ops', [
      orZero(`sum by (client, method) (rate(pustaka_rpc_client_calls_total{${of}}[${RATE}]))`, `max by (client) (pustaka_rpc_breaker_state{${of}})`),
      '{{client}} {{method}}',
    ]),
  ];
}

/** What only one service knows, shown on its dashboard. */
const domainPanels: Record<string, Panel[]> = {
  identity: [
    panel('Sign-ins by status', 'Answers of POST /api/auth/login: 200 signed in, 401 refused, 429 throttled.', 'reqps', [
      `sum by (status) (rate(${HTTP}_count{service="identity", route="/api/auth/login"}[${RATE}]))`,
      '{{status}}',
    ]),
  ],
  catalog: [
    panel('Stock conflicts', 'Stock refused for want of it: an order reservation (reserve) or a staff correction (adjust).', 'ops', [
      `sum by (operation) (rate(pustaka_catalog_stock_conflicts_total{service="catalog"}[${RATE}]))`,
      '{{operation}}',
    ]),
    panel('Reservations swept', 'Expired held reservations the sweep committed (their order had landed) or released.', 'short', [
      `sum by (outcome) (increase(pustaka_catalog_reservations_swept_total{service="catalog"}[1h]))`,
      '{{outcome}} (1h)',
    ]),
  ],
  orders: [
    panel(
      'Orders placed and refused',
      'Orders placed, and refused by the problem code the client got.',
      'ops',
      [`sum(rate(pustaka_orders_placed_total{service="orders"}[${RATE}]))`, 'placed'],
      [`sum by (reason) (rate(pustaka_orders_refused_total{service="orders"}[${RATE}]))`, 'refused {{reason}}'],
    ),
  ],
  ticketing: [
    panel('Seat conflicts', 'Holds and seat changes refused because the seats (SEAT_TAKEN) or places (NOT_ENOUGH_PLACES) were taken.', 'ops', [
      `sum by (code) (rate(pustaka_ticketing_seat_conflicts_total{service="ticketing"}[${RATE}]))`,
      '{{code}}',
    ]),
    panel('Holds expired', 'Seat holds the sweep expired in the last hour, their seats freed.', 'short', [
      `sum(increase(pustaka_ticketing_holds_expired_total{service="ticketing"}[1h]))`,
      'expired (1h)',
    ]),
  ],
  discovery: [
    panel('Search latency p95', 'GET /api/search and /api/search/suggest.', 's', [
      p95('route', `${HTTP}_bucket{service="discovery", route=~"/api/search.*"}`),
      '{{route}}',
    ]),
    panel('Recommendations latency p95', 'The popular, for-me and per-book recommendations.', 's', [
      p95('route', `${HTTP}_bucket{service="discovery", route=~".*recommendations.*"}`),
      '{{route}}',
    ]),
  ],
  analytics: [
    panel('Dashboard latency p95', 'The sales dashboard routes (staff).', 's', [
      p95('route', `${HTTP}_bucket{service="analytics", route=~"/api/dashboard/.*"}`),
      '{{route}}',
    ]),
    panel('Dashboard answers computed', 'Answers computed from the rollups (cache misses), by answer.', 'ops', [
      `sum by (answer) (rate(pustaka_analytics_dashboard_computations_total{service="analytics"}[${RATE}]))`,
      '{{answer}}',
    ]),
  ],
  notify: [
    panel('Live connections', 'Open WebSocket sockets, the members they belong to and the topics followed, per replica.', 'short', [
      `sum by (instance, state) (pustaka_notify_live_connections{service="notify"})`,
      '{{instance}} {{state}}',
    ]),
    panel('Live connections refused', 'Sockets turned away because the replica was full (REPLICA_FULL): add a replica.', 'ops', [
      `sum by (instance) (rate(pustaka_notify_live_refused_total{service="notify"}[${RATE}]))`,
      '{{instance}}',
    ]),
  ],
  gateway: [
    panel('Upstream breakers', "The gateway's breaker per upstream replica: 0 closed, 1 half-open, 2 open (PustakaGatewayBreakerOpen).", 'short', [
      `max by (upstream, replica) (pustaka_gateway_upstream_breaker_state)`,
      '{{upstream}} {{replica}}',
    ]),
    panel('Answers by status', 'Every answer the gateway gave, by status.', 'reqps', [
      `sum by (status) (rate(${HTTP}_count{service="gateway"}[${RATE}]))`,
      '{{status}}',
    ]),
  ],
};

/** Services that schedule jobs (every process on PGlite also runs its table maintenance, not shown on the cluster). */
const withJobs = new Set(['catalog', 'ticketing', 'discovery', 'notify']);

function serviceDashboard(manifest: Pick<ServiceManifest, 'name' | 'summary' | 'consumes' | 'publishes' | 'rpc'>, hasOutbox: boolean): Dashboard {
  const { name } = manifest;
  const of = `service="${name}"`;
  const rows = [
    { title: 'Requests', panels: [...requestPanels(of, 'method, route'), ...(domainPanels[name] ?? [])] },
    ...(hasOutbox ? [{ title: 'Outbox', panels: outboxPanels(of, (manifest.publishes?.length ?? 0) > 0) }] : []),
    ...((manifest.consumes?.length ?? 0) > 0 ? [{ title: 'Consumers', panels: consumerPanels(of) }] : []),
    ...((manifest.rpc?.calls?.length ?? 0) > 0 ? [{ title: 'gRPC upstreams', panels: breakerPanels(name) }] : []),
    ...(withJobs.has(name) ? [{ title: 'Scheduled jobs', panels: jobPanels(of) }] : []),
    { title: 'Process', panels: processPanels(name) },
  ];
  return { uid: `pustaka-${name}`, title: `Pustaka ${name}`, description: manifest.summary, rows };
}

function overview(): Dashboard {
  return {
    uid: 'pustaka-overview',
    title: 'Pustaka overview',
    description: 'The whole platform at a glance: traffic, errors, latency, the shop, and the bus. Each service has a dashboard of its own.',
    rows: [
      {
        title: 'Services',
        panels: [
          panel('Targets up', 'Whether Prometheus can scrape each process (PustakaTargetDown).', 'short', [
            'min by (service) (up{job="pustaka"})',
            '{{service}}',
          ]),
          ...requestPanels('job="pustaka"', 'service'),
        ],
      },
      {
        title: 'The shop',
        panels: [
          ...domainPanels.orders!,
          ...domainPanels.catalog!.slice(0, 1),
          ...domainPanels.ticketing!.slice(0, 1),
          panel('Search and dashboard latency p95', 'What members and staff wait for most.', 's', [
            p95('route', `${HTTP}_bucket{route=~"/api/search|/api/dashboard/summary"}`),
            '{{route}}',
          ]),
          panel('Live sockets', 'Open WebSocket sockets across notify replicas.', 'short', [
            'sum(pustaka_notify_live_connections{state="sockets"})',
            'sockets',
          ]),
        ],
      },
      {
        title: 'Events and upstreams',
        panels: [
          outboxPanels('job="pustaka"')[1]!,
          panel('Dead letters (1h)', 'Events consumers gave up on in the last hour (PustakaDeadLetters).', 'short', [
            'sum by (consumer) (increase(pustaka_bus_dead_letters_total[1h]))',
            '{{consumer}}',
          ]),
          panel(
            'Breakers',
            '2 is open: gRPC clients by service and upstream, and the gateway by upstream replica.',
            'short',
            ['max by (service, client) (pustaka_rpc_breaker_state)', '{{service}} → {{client}}'],
            ['max by (upstream, replica) (pustaka_gateway_upstream_breaker_state)', 'gateway → {{upstream}} {{replica}}'],
          ),
        ],
      },
    ],
  };
}

function eventsAndQueues(): Dashboard {
  const all = 'job="pustaka"';
  return {
    uid: 'pustaka-events',
    title: 'Pustaka events and queues',
    description: 'The outboxes, the broker queues, the consumers and the scheduled jobs of every service.',
    rows: [
      {
        title: 'Outboxes',
        panels: [
          ...outboxPanels(all),
          panel('Publish failures', 'Relay batches the broker did not confirm; the same rows are retried.', 'ops', [
            `sum by (schema) (rate(pustaka_bus_publish_failures_total[${RATE}]))`,
            '{{schema}}',
          ]),
        ],
      },
      { title: 'Consumers', panels: consumerPanels(all) },
      { title: 'Scheduled jobs', panels: jobPanels(all) },
    ],
  };
}

/** Grafana's dashboard JSON (schema 39): rows of panels two to a line. */
function toGrafana(dashboard: Dashboard): object {
  const panels: object[] = [];
  let id = 1;
  let y = 0;
  for (const row of dashboard.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
    y += 1;
    row.panels.forEach((each, i) => {
      panels.push({
        id: id++,
        type: 'timeseries',
        title: each.title,
        description: each.description,
        datasource: DATASOURCE,
        gridPos: { x: (i % 2) * 12, y: y + Math.floor(i / 2) * 8, w: 12, h: 8 },
        fieldConfig: { defaults: { unit: each.unit, custom: { lineWidth: 1, fillOpacity: 10 } }, overrides: [] },
        options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
        targets: each.queries.map((query, q) => ({
          refId: String.fromCharCode(65 + q),
          datasource: DATASOURCE,
          expr: query.expr,
          legendFormat: query.legend,
          range: true,
        })),
      });
    });
    y += Math.ceil(row.panels.length / 2) * 8;
  }
  return {
    uid: dashboard.uid,
    title: dashboard.title,
    description: dashboard.description,
    tags: ['pustaka'],
    timezone: 'browser',
    editable: false,
    graphTooltip: 1,
    refresh: '30s',
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-1h', to: 'now' },
    templating: { list: [] },
    annotations: { list: [] },
    links: [{ type: 'dashboards', tags: ['pustaka'], asDropdown: true, title: 'Pustaka' }],
    panels,
  };
}

/** Every dashboard by file name: the overview, events and queues, the gateway and each service of the list. */
function pustakaDashboards(): Map<string, object> {
  const dashboards = [
    overview(),
    eventsAndQueues(),
    serviceDashboard({ name: 'gateway', summary: 'The single entry: routing, breakers, rate limits.' }, false),
    ...services.map((service) => serviceDashboard(service, true)),
  ];
  return new Map(dashboards.map((dashboard) => [`${dashboard.uid}.json`, toGrafana(dashboard)]));
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const wanted = pustakaDashboards();
  await mkdir(OUT, { recursive: true });
  const stale: string[] = [];
  for (const [file, dashboard] of wanted) {
    const text = `${JSON.stringify(dashboard, null, 2)}\n`;
    const path = join(OUT, file);
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current === text) continue;
    if (check) stale.push(file);
    else await writeFile(path, text);
  }
  const extra = (await readdir(OUT)).filter((file) => file.endsWith('.json') && !wanted.has(file));
  if (check) stale.push(...extra.map((file) => `${file} (no longer generated)`));
  else for (const file of extra) await unlink(join(OUT, file));
  if (check && stale.length > 0) {
    console.error(`dashboards:check: stale Grafana dashboards, run \`npm run dashboards:sync\`: ${stale.join(', ')}`);
    process.exitCode = 1;
    return;
  }
  console.log(`dashboards: ${wanted.size} dashboards ${check ? 'up to date' : 'written'} in deploy/grafana/dashboards`);
}

await main();
