import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';

export interface TracingOptions {
  /** `service.name` on every span: `catalog`, `gateway`, `pustaka` for the embedded process. */
  serviceName: string;
  /**
   * OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`, e.g. `http://collector:4318`): spans are
   * batched to `<url>/v1/traces`. Unset: trace ids are made and propagated, nothing is exported.
   */
  otlpEndpoint?: string | undefined;
  /** Where spans go instead, each as it ends (tests: an `InMemorySpanExporter`). */
  exporter?: SpanExporter;
}

export interface Tracing {
  /** Sends the spans still batched; the platform calls it on close so the last ones are not lost. */
  flush(): Promise<void>;
}

let registration: Promise<Tracing> | undefined;

/**
 * A process that exports records every span, even under a caller that sent "not sampled": the
 * callers are mostly our own processes, and one without an exporter sends exactly that.
 */
const RECORD_EVERYTHING = new ParentBasedSampler({ root: new AlwaysOnSampler(), remoteParentNotSampled: new AlwaysOnSampler() });
/**
 * With nowhere to send spans, a span is just its ids (for logs and propagation), which costs
 * little; recording spans nobody reads would be most of tracing's cost. A caller's sampled trace
 * is still recorded, so that flag reaches the processes after this one.
 */
const RECORD_ONLY_SAMPLED_CALLERS = new ParentBasedSampler({ root: new AlwaysOffSampler() });

/**
 * Sets up OpenTelemetry for this process, once: an AsyncLocalStorage context manager (the active
 * span follows async work), the W3C Trace Context propagator and a tracer provider. Later calls
 * get the first registration and ignore their options, so a test can register its exporter before
 * the platform does. No auto-instrumentation: the kit starts its spans itself (HTTP, gRPC, events).
 *
 * @example
 *   const tracing = await registerTracing({ serviceName: 'catalog', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
 *   app.addHook('onClose', () => tracing.flush());
 */
export function registerTracing(options: TracingOptions): Promise<Tracing> {
  registration ??= register(options);
  return registration;
}

async function register(options: TracingOptions): Promise<Tracing> {
  const processors: SpanProcessor[] = [];
  if (options.exporter) processors.push(new SimpleSpanProcessor({ exporter: options.exporter }));
  if (options.otlpEndpoint) processors.push(new BatchSpanProcessor({ exporter: await otlpExporter(options.otlpEndpoint) }));
  const provider = new TracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': options.serviceName })),
    spanProcessors: processors,
    sampler: processors.length > 0 ? RECORD_EVERYTHING : RECORD_ONLY_SAMPLED_CALLERS,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return { flush: () => provider.forceFlush() };
}

/** Loaded only when asked for: the exporter and its encoders take ~80 ms to import. */
async function otlpExporter(endpoint: string): Promise<SpanExporter> {
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
}
