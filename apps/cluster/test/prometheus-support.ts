import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { freePorts } from '@pustaka/kit/testing';

const DEPLOY = join(import.meta.dirname, '..', '..', '..', 'deploy');
export const PROMETHEUS_CONFIG = join(DEPLOY, 'prometheus', 'prometheus.yml');
export const ALERT_RULES = join(DEPLOY, 'prometheus', 'alerts.yml');
export const DASHBOARDS = join(DEPLOY, 'grafana', 'dashboards');

/** The Prometheus binary on the PATH (Debian's `prometheus` package), or undefined when it is not installed. */
export function findPrometheus(): string | undefined {
  try {
    execFileSync('prometheus', ['--version'], { stdio: 'ignore' });
    return 'prometheus';
  } catch {
    return undefined;
  }
}

interface StaticConfig {
  targets: string[];
  labels: { service: string };
}

interface ScrapeConfig {
  job_name: string;
  static_configs: StaticConfig[];
}

interface PrometheusConfig {
  global: Record<string, string>;
  rule_files: string[];
  scrape_configs: ScrapeConfig[];
}

/**
 * The committed prometheus.yml pointed at a cluster started on free ports: each static config's
 * targets become the metrics addresses of that `service`'s processes (a replica `notify-2` is a
 * `notify`), its rules file an absolute path, and it scrapes every second so a test need not wait
 * fifteen. Everything else (job, labels, paths) is the committed file's, so a wrong label there
 * fails here. Throws if a process of the cluster has no static config, or a config no process.
 */
export async function scrapeConfigFor(metricsUrls: Partial<Record<string, string>>): Promise<string> {
  const config = parse(await readFile(PROMETHEUS_CONFIG, 'utf8')) as PrometheusConfig;
  const byService = new Map<string, string[]>();
  for (const [process, url] of Object.entries(metricsUrls)) {
    const service = process.replace(/-\d+$/, '');
    byService.set(service, [...(byService.get(service) ?? []), new URL(url!).host]);
  }
  const configured = config.scrape_configs.flatMap((scrape) => scrape.static_configs.map((each) => each.labels.service));
  const unscraped = [...byService.keys()].filter((service) => !configured.includes(service));
  if (unscraped.length > 0) throw new Error(`prometheus.yml scrapes no target labelled ${unscraped.join(', ')}`);
  for (const scrape of config.scrape_configs) {
    for (const each of scrape.static_configs) {
      const targets = byService.get(each.labels.service);
      if (!targets) throw new Error(`prometheus.yml scrapes ${each.labels.service}, which the cluster does not run`);
      each.targets = targets;
    }
  }
  config.global = { ...config.global, scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' };
  config.rule_files = config.rule_files.map((file) => join(DEPLOY, 'prometheus', file));
  return stringify(config);
}

export interface PrometheusServer {
  url: string;
  /** An instant query; the API's answer as it is (`status` `error` for a query that does not parse). */
  query(expr: string): Promise<QueryAnswer>;
  get<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

export interface QueryAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

/**
 * Runs the real Prometheus on a free loopback port with a storage folder of its own (never the
 * system service), and waits until it is ready. Its output is kept for a failure's message.
 */
export async function startPrometheus(binary: string, configText: string): Promise<PrometheusServer> {
  const folder = await mkdtemp(join(tmpdir(), 'pustaka-prometheus-'));
  const configFile = join(folder, 'prometheus.yml');
  await writeFile(configFile, configText);
  const [port] = await freePorts(1);
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${configFile}`, `--storage.tsdb.path=${join(folder, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(folder, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${output.join('')}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus was not ready within 20 s:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${url}${path}`)).json()) as T;
  return {
    url,
    query: (expr) => get<QueryAnswer>(`/api/v1/query?query=${encodeURIComponent(expr)}`),
    get,
    stop,
  };
}

/** One query of a dashboard panel, named for a failure's message. */
export interface PanelQuery {
  where: string;
  expr: string;
}

/**
 * Every query of every committed dashboard, with Grafana's `$__rate_interval` as the test's own
 * (the dashboards use no other variable; one that slipped in would not parse, and fail).
 */
export async function dashboardQueries(rateInterval: string): Promise<PanelQuery[]> {
  const files = (await readdir(DASHBOARDS)).filter((file) => file.endsWith('.json')).sort();
  const queries: PanelQuery[] = [];
  for (const file of files) {
    const dashboard = JSON.parse(await readFile(join(DASHBOARDS, file), 'utf8')) as {
      panels: Array<{ title: string; targets?: Array<{ refId: string; expr: string }> }>;
    };
    for (const panel of dashboard.panels) {
      for (const target of panel.targets ?? []) {
        queries.push({ where: `${file} › ${panel.title} › ${target.refId}`, expr: target.expr.replaceAll('$__rate_interval', rateInterval) });
      }
    }
  }
  return queries;
}

export interface AlertRule {
  alert: string;
  expr: string;
  /** The expression without its final comparison: what the alert measures, a series whenever the platform runs. */
  measure: string;
}

/** The alerting rules of alerts.yml, each split into its measure and its threshold (`<measure> > 60`). */
export async function alertRules(): Promise<AlertRule[]> {
  const file = parse(await readFile(ALERT_RULES, 'utf8')) as { groups: Array<{ rules: Array<{ alert?: string; expr: string }> }> };
  return file.groups.flatMap((group) =>
    group.rules.flatMap((rule) => {
      if (!rule.alert) return [];
      const split = /^([\s\S]+?)\s*(?:>=|<=|==|!=|>|<)\s*[0-9.]+\s*$/.exec(rule.expr.trim());
      if (!split) throw new Error(`${rule.alert}: write its expression as <measure> <comparison> <number>, so its measure can be checked`);
      return [{ alert: rule.alert, expr: rule.expr, measure: split[1]! }];
    }),
  );
}
