import { beforeAll, describe, expect, it } from 'vitest';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { loadConfig } from '@pustaka/kit/config';
import { services } from '@pustaka/services';
import { buildOverlays, kubectlMissing, overlays, selects } from './k8s-build.ts';
import type { K8sObject } from './k8s-build.ts';
import { containerEnv, programOf } from './k8s-env.ts';

/** Each kind the manifests may hold, with the class whose `validate()` checks it against Kubernetes' schema. */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
};
const AUTOSCALED = ['gateway', 'catalog', 'orders', 'notify'];
/** Addresses in the environment that are not another program of the platform. */
const NOT_PEERS = new Set(['DATABASE_URL', 'REDIS_URL', 'AMQP_URL', 'PUBLIC_BASE_URL', 'NOTIFY_SMTP_URL']);

const missing = kubectlMissing();
const required = process.env.TEST_REQUIRE_REAL_SERVICES === '1';

// In CI (TEST_REQUIRE_REAL_SERVICES=1) a missing kubectl fails this file instead of skipping it.
if (missing !== undefined && required) {
  throw new Error(`${missing}; install one whose kustomize is v5 (kubectl 1.27 or later), or name it in KUBECTL, to run deploy/test/k8s.test.ts`);
}

describe.skipIf(missing !== undefined)(`deploy/k8s overlays built by kubectl kustomize${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let built: Map<string, K8sObject[]>;
  beforeAll(async () => {
    built = await buildOverlays();
  });

  describe.each(overlays())('overlays/%s', (overlay) => {
    let objects: K8sObject[];
    const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);
    const workloads = () => [...ofKind('Deployment'), ...ofKind('Job')];
    const deployment = (name: string) => ofKind('Deployment').find((object) => object.metadata.name === name);
    beforeAll(() => {
      objects = built.get(overlay)!;
    });

    it('holds only objects that validate against the Kubernetes schemas, all in the pustaka namespace', () => {
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) {
        const Model = MODELS[`${object.apiVersion}/${object.kind}`];
        expect(Model, `${object.apiVersion} ${object.kind} ${object.metadata.name}: a kind this test does not know`).toBeDefined();
        expect(() => new Model!(object).validate(), `${object.kind} ${object.metadata.name}`).not.toThrow();
        if (object.kind !== 'Namespace') expect(object.metadata.namespace, `${object.kind} ${object.metadata.name}`).toBe('pustaka');
      }
    });

    it('runs the gateway and every service of the list, each from its own command, and a migration job per service', () => {
      const run = ofKind('Deployment').map((object) => programOf(object.spec.template.spec.containers[0].command));
      expect(run.map((program) => program?.name).sort()).toEqual(['gateway', ...services.map((service) => service.name)].sort());
      expect(run.every((program) => program && !program.migrate)).toBe(true);
      const migrations = ofKind('Job').map((object) => programOf(object.spec.template.spec.containers[0].command));
      expect(migrations.every((program) => program?.migrate)).toBe(true);
      expect(migrations.map((program) => program!.name).sort()).toEqual(services.map((service) => service.name).sort());
    });

    it("gives each container an environment its program's configuration schema accepts, every key one it reads", () => {
      for (const workload of workloads()) {
        for (const container of workload.spec.template.spec.containers) {
          const program = programOf(container.command)!;
          const where = `${workload.kind} ${workload.metadata.name}`;
          const { env, problems } = containerEnv(container, objects);
          expect(problems, where).toEqual([]);
          const unknown = Object.keys(env).filter((key) => !(key in program.schema.properties));
          expect(unknown, `${where}: keys ${program.name} does not read`).toEqual([]);
          expect(() => loadConfig(program.schema, env), where).not.toThrow();
        }
      }
    });

    it('points every address in the settings at a Service port that reaches the right program', () => {
      const portOf = (url: string) => {
        const { hostname, port } = new URL(url);
        const service = ofKind('Service').find((object) => object.metadata.name === hostname);
        return { service, port: service?.spec.ports.find((each: any) => each.port === Number(port)) };
      };
      for (const workload of ofKind('Deployment')) {
        const container = workload.spec.template.spec.containers[0];
        const { env } = containerEnv(container, objects);
        for (const [key, value] of Object.entries(env).filter(([key]) => key.endsWith('_URL') && !NOT_PEERS.has(key))) {
          for (const url of value.split(',')) {
            const { service, port } = portOf(url);
            const where = `${workload.metadata.name}: ${key}=${url}`;
            expect(service, where).toBeDefined();
            expect(port, where).toBeDefined();
            const target = ofKind('Deployment').find((object) => selects(service!.spec.selector, object.spec.template.metadata.labels))!;
            const callee = programOf(target.spec.template.spec.containers[0].command)!;
            const expected = key.endsWith('_RPC_URL') ? 'grpc' : 'http';
            expect(port.targetPort, where).toBe(expected);
            if (key !== 'JWKS_URL') expect(key, where).toBe(`${callee.name.toUpperCase().replace(/-/g, '_')}_${expected === 'grpc' ? 'RPC_' : ''}URL`);
            else expect(callee.manifest?.signsTokens, where).toBe(true);
          }
        }
      }
    });

    it('listens where its manifest says, with probes on /healthz and (the services) /readyz, and the metrics port named for scraping', () => {
      for (const workload of ofKind('Deployment')) {
        const container = workload.spec.template.spec.containers[0];
        const program = programOf(container.command)!;
        const { env } = containerEnv(container, objects);
        const config = loadConfig(program.schema, env) as Record<string, unknown>;
        const ports = Object.fromEntries(container.ports.map((port: any) => [port.name, port.containerPort]));
        const where = workload.metadata.name;
        expect(ports.http, where).toBe(config.PORT);
        expect(ports.metrics, where).toBe(config.METRICS_PORT);
        expect(config.METRICS_HOST, where).toBe('0.0.0.0');
        expect(ports.grpc, where).toBe(program.manifest?.rpc?.port);
        expect(workload.spec.template.metadata.annotations?.['prometheus.io/port'], where).toBe(String(ports.metrics));
        expect(container.livenessProbe.httpGet, where).toEqual({ path: '/healthz', port: 'http' });
        expect(container.startupProbe.httpGet, where).toEqual({ path: '/healthz', port: 'http' });
        // The gateway's /readyz fails while any one service is down, which must not take the gateway out too.
        const readiness = program.name === 'gateway' ? '/healthz' : '/readyz';
        expect(container.readinessProbe.httpGet, where).toEqual({ path: readiness, port: 'http' });
        expect(container.resources.requests.cpu, where).toBeDefined();
        expect(container.resources.limits.memory, where).toBeDefined();
      }
    });

    it('runs every pod as non-root on a read-only root filesystem, with an emptyDir at /tmp', () => {
      for (const workload of workloads()) {
        const pod = workload.spec.template.spec;
        const where = `${workload.kind} ${workload.metadata.name}`;
        expect(pod.securityContext.runAsNonRoot, where).toBe(true);
        for (const container of pod.containers) {
          expect(container.securityContext, where).toMatchObject({
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          });
          const tmp = container.volumeMounts.find((mount: any) => mount.mountPath === '/tmp');
          expect(pod.volumes.find((volume: any) => volume.name === tmp?.name)?.emptyDir, where).toBeDefined();
        }
      }
    });

    it('has every Service and disruption budget select the pods of one Deployment, on ports they name', () => {
      for (const service of ofKind('Service')) {
        const selected = ofKind('Deployment').filter((object) => selects(service.spec.selector, object.spec.template.metadata.labels));
        expect(
          selected.map((object) => object.metadata.name),
          `Service ${service.metadata.name}`,
        ).toEqual([service.metadata.name]);
        const named = selected[0]!.spec.template.spec.containers[0].ports.map((port: any) => port.name);
        for (const port of service.spec.ports) expect(named, `Service ${service.metadata.name} port ${port.name}`).toContain(port.targetPort);
        // Never the migration job's pods.
        expect(ofKind('Job').filter((job) => selects(service.spec.selector, job.spec.template.metadata.labels))).toEqual([]);
      }
      expect(
        ofKind('PodDisruptionBudget')
          .map((budget) => budget.metadata.name)
          .sort(),
      ).toEqual(
        ofKind('Deployment')
          .map((object) => object.metadata.name)
          .sort(),
      );
      for (const budget of ofKind('PodDisruptionBudget')) {
        const selected = ofKind('Deployment').filter((object) => selects(budget.spec.selector.matchLabels, object.spec.template.metadata.labels));
        expect(
          selected.map((object) => object.metadata.name),
          `PodDisruptionBudget ${budget.metadata.name}`,
        ).toEqual([budget.metadata.name]);
      }
    });

    it('autoscales the gateway, catalog, orders and notify (notify from two), and leaves their replica counts to the autoscaler', () => {
      const autoscalers = ofKind('HorizontalPodAutoscaler');
      expect(autoscalers.map((hpa) => hpa.spec.scaleTargetRef.name).sort()).toEqual([...AUTOSCALED].sort());
      for (const hpa of autoscalers) {
        const target = deployment(hpa.spec.scaleTargetRef.name);
        expect(hpa.spec.scaleTargetRef, hpa.metadata.name).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
        expect(target, hpa.metadata.name).toBeDefined();
        expect(target!.spec.replicas, `${hpa.metadata.name}: a count beside the autoscaler's`).toBeUndefined();
        expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
      }
      expect(autoscalers.find((hpa) => hpa.metadata.name === 'notify')!.spec.minReplicas).toBeGreaterThanOrEqual(2);
      for (const object of ofKind('Deployment').filter((each) => !AUTOSCALED.includes(each.metadata.name))) {
        expect(object.spec.replicas, object.metadata.name).toBeGreaterThanOrEqual(1);
      }
    });

    it('denies all ingress by default, with policies whose selectors match pods and name ports they have', () => {
      const policies = ofKind('NetworkPolicy');
      expect(
        policies.some((policy) => Object.keys(policy.spec.podSelector).length === 0 && policy.spec.policyTypes.includes('Ingress') && !policy.spec.ingress),
      ).toBe(true);
      const templates = workloads().map((workload) => workload.spec.template);
      for (const policy of policies) {
        const selected = templates.filter((template) => selects(policy.spec.podSelector.matchLabels, template.metadata.labels));
        expect(selected.length, `NetworkPolicy ${policy.metadata.name}`).toBeGreaterThan(0);
        for (const rule of policy.spec.ingress ?? []) {
          for (const port of rule.ports ?? []) {
            for (const template of selected) {
              expect(
                template.spec.containers[0].ports?.map((each: any) => each.name),
                `NetworkPolicy ${policy.metadata.name}`,
              ).toContain(port.port);
            }
          }
          for (const peer of rule.from ?? []) {
            if (peer.namespaceSelector) continue;
            expect(
              templates.some((template) => selects(peer.podSelector.matchLabels, template.metadata.labels)),
              `NetworkPolicy ${policy.metadata.name}: from ${JSON.stringify(peer.podSelector)}`,
            ).toBe(true);
          }
        }
      }
    });

    it("lets each port be reached only by what calls it: HTTP by the gateway (identity's also by who needs its keys), gRPC by the manifests' callers", () => {
      const policies = ofKind('NetworkPolicy');
      const podNames = (peers: any[]) =>
        peers
          .filter((peer) => !peer.namespaceSelector)
          .map((peer) => ofKind('Deployment').find((object) => selects(peer.podSelector.matchLabels, object.spec.template.metadata.labels))!.metadata.name)
          .sort();
      const allowedOn = (service: string, port: string) =>
        policies
          .filter((policy) => selects(policy.spec.podSelector.matchLabels, deployment(service)!.spec.template.metadata.labels))
          .flatMap((policy) => policy.spec.ingress ?? [])
          .filter((rule: any) => rule.ports?.some((each: any) => each.port === port))
          .flatMap((rule: any) => rule.from ?? []);
      for (const service of services) {
        const needKeys = services.filter((each) => !each.signsTokens).map((each) => each.name);
        const httpCallers = service.signsTokens ? ['gateway', ...needKeys] : ['gateway'];
        expect(podNames(allowedOn(service.name, 'http')), `${service.name} http`).toEqual(httpCallers.sort());
        const rpcCallers = services.filter((each) => each.rpc?.calls?.includes(service.name)).map((each) => each.name);
        expect(podNames(allowedOn(service.name, 'grpc')), `${service.name} grpc`).toEqual(rpcCallers.sort());
        // Metrics: from Prometheus's namespace alone.
        expect(allowedOn(service.name, 'metrics').every((peer: any) => peer.namespaceSelector)).toBe(true);
      }
      expect(allowedOn('gateway', 'http').every((peer: any) => peer.namespaceSelector)).toBe(true);
    });

    it('sends its host to the gateway over TLS, the same host PUBLIC_BASE_URL builds links with', () => {
      const [ingress, ...others] = ofKind('Ingress');
      expect(others).toEqual([]);
      const rule = ingress!.spec.rules[0];
      expect(rule.http.paths[0].backend.service).toEqual({ name: 'gateway', port: { name: 'http' } });
      expect(ingress!.spec.tls[0].hosts).toContain(rule.host);
      const common = ofKind('ConfigMap').find((object) => object.metadata.name.startsWith('pustaka-common'));
      expect(new URL(common!.data.PUBLIC_BASE_URL)).toMatchObject({ protocol: 'https:', host: rule.host });
    });
  });
});
