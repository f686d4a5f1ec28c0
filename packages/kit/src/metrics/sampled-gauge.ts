import { Gauge } from 'prom-client';
import { register } from './registry.ts';

/** One reading of a sampled gauge: a value for a set of labels. */
export interface GaugeSample<L extends string> {
  labels: Partial<Record<L, string>>;
  value: number;
}

/** Reads the current values when Prometheus scrapes; may query a database or a broker. */
export type GaugeSampler<L extends string> = () => Promise<readonly GaugeSample<L>[]> | readonly GaugeSample<L>[];

export interface SampledGauge<L extends string> {
  /** Adds a source of readings; the returned function removes it (call it on shutdown). */
  sample(sampler: GaugeSampler<L>): () => void;
}

const samplersByName = new Map<string, Set<GaugeSampler<string>>>();

/** A source slower than this (a database that hangs) is left out rather than holding the scrape past Prometheus's timeout. */
const SAMPLE_TIMEOUT_MS = 2_000;

async function readWithin<L extends string>(read: GaugeSampler<L>): Promise<readonly GaugeSample<L>[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('sample timed out')), SAMPLE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(read), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A gauge read at scrape time from its sources instead of being set as things happen: for figures
 * that live somewhere else (rows waiting in an outbox, messages in a queue, open sockets), where
 * keeping a copy up to date would cost on every change. Each scrape asks every source registered
 * in the process; a source that fails or takes over two seconds is left out of that scrape (its
 * series are missing from it) instead of failing or stalling the whole `/metrics`.
 *
 * @example
 *   const pending = sampledGauge('pustaka_outbox_pending', 'Outbox rows not yet published', ['schema']);
 *   const stop = pending.sample(async () => [{ labels: { schema: 'orders' }, value: await countPending() }]);
 *   // on shutdown: stop();
 */
export function sampledGauge<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): SampledGauge<L> {
  let samplers = samplersByName.get(name);
  if (!samplers) {
    if (register.getSingleMetric(name)) throw new Error(`Metric ${name} is already registered as another kind`);
    const sources = new Set<GaugeSampler<string>>();
    samplers = sources;
    samplersByName.set(name, sources);
    new Gauge<string>({
      name,
      help,
      labelNames,
      async collect() {
        const readings = await Promise.allSettled([...sources].map(readWithin));
        this.reset();
        for (const reading of readings) {
          if (reading.status !== 'fulfilled') continue;
          for (const { labels, value } of reading.value) this.set(labels as Record<string, string>, value);
        }
      },
    });
  }
  const sources = samplers as Set<GaugeSampler<L>>;
  return {
    sample(sampler) {
      sources.add(sampler);
      return () => {
        sources.delete(sampler);
      };
    },
  };
}
