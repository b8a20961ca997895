import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { main as helmWorkerMain } from '../../../client/helm-worker';
import { SEARCH_ATTRIBUTES } from '../../../infra/search-attributes';
import { hostIsPolling } from '../../../infra/cluster/healthcheck';

const ROOT = path.resolve(__dirname, '../../..');
const CLUSTER = path.join(ROOT, 'infra/cluster');
const K8S = path.join(CLUSTER, 'k8s');
const read = (file: string): string => fs.readFileSync(file, 'utf8');

// ---- schemas of the subsets of docker-compose and Kubernetes we use ----

const stringMap = z.record(z.string(), z.string());
const healthcheck = z.object({
  test: z.array(z.string()).min(2),
  interval: z.string(),
  timeout: z.string(),
  retries: z.number().int().positive(),
  start_period: z.string().optional(),
});
const composeService = z.strictObject({
  image: z.string(),
  build: z.object({ context: z.string(), dockerfile: z.string() }).optional(),
  restart: z.string().optional(),
  init: z.boolean().optional(),
  stop_grace_period: z.string().optional(),
  profiles: z.array(z.string()).optional(),
  environment: stringMap.optional(),
  volumes: z.array(z.string()).optional(),
  ports: z.array(z.string()).optional(),
  entrypoint: z.array(z.string()).optional(),
  command: z.array(z.string()).optional(),
  healthcheck: healthcheck.optional(),
  depends_on: z
    .record(z.string(), z.object({ condition: z.enum(['service_started', 'service_healthy', 'service_completed_successfully']) }))
    .optional(),
  deploy: z.object({ replicas: z.number().int().optional(), resources: z.unknown().optional() }).optional(),
});
const composeFile = z.object({
  name: z.string(),
  services: z.record(z.string(), composeService),
  volumes: z.record(z.string(), z.null()),
});

const metadata = z.object({ name: z.string().min(1), labels: stringMap.optional() });
const envFrom = z.array(
  z.union([
    z.strictObject({ configMapRef: z.object({ name: z.string(), optional: z.boolean().optional() }) }),
    z.strictObject({ secretRef: z.object({ name: z.string(), optional: z.boolean().optional() }) }),
  ]),
);
const container = z.object({
  name: z.string(),
  image: z.string().min(1),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  envFrom: envFrom.optional(),
  resources: z.object({ requests: z.object({ cpu: z.string(), memory: z.string() }), limits: stringMap.optional() }),
  livenessProbe: z.object({ exec: z.object({ command: z.array(z.string()) }) }).passthrough().optional(),
  volumeMounts: z.array(z.object({ name: z.string(), mountPath: z.string(), readOnly: z.boolean().optional() })).optional(),
});
const volume = z.object({
  name: z.string(),
  persistentVolumeClaim: z.object({ claimName: z.string() }).optional(),
  configMap: z.object({ name: z.string() }).optional(),
  secret: z.object({ secretName: z.string(), optional: z.boolean().optional() }).optional(),
});
const podSpec = z.object({
  restartPolicy: z.string().optional(),
  containers: z.array(container).min(1),
  volumes: z.array(volume).optional(),
});
const podTemplate = z.object({ metadata: z.object({ labels: stringMap }), spec: podSpec });
const k8sObject = z.discriminatedUnion('kind', [
  z.object({ apiVersion: z.literal('v1'), kind: z.literal('Namespace'), metadata }),
  z.object({ apiVersion: z.literal('v1'), kind: z.literal('ConfigMap'), metadata, data: stringMap }),
  z.object({ apiVersion: z.literal('v1'), kind: z.literal('Secret'), metadata, type: z.string(), stringData: stringMap }),
  z.object({
    apiVersion: z.literal('v1'),
    kind: z.literal('PersistentVolumeClaim'),
    metadata,
    spec: z.object({ accessModes: z.array(z.string()), resources: z.object({ requests: z.object({ storage: z.string() }) }) }),
  }),
  z.object({
    apiVersion: z.literal('apps/v1'),
    kind: z.literal('Deployment'),
    metadata,
    spec: z.object({ replicas: z.number().int().positive(), selector: z.object({ matchLabels: stringMap }), template: podTemplate }),
  }),
  z.object({ apiVersion: z.literal('batch/v1'), kind: z.literal('Job'), metadata, spec: z.object({ template: podTemplate }) }),
]);
type K8sObject = z.infer<typeof k8sObject>;
const kustomization = z.object({
  apiVersion: z.literal('kustomize.config.k8s.io/v1beta1'),
  kind: z.literal('Kustomization'),
  namespace: z.string(),
  resources: z.array(z.string()),
  configMapGenerator: z.array(z.object({ name: z.string(), files: z.array(z.string()) })),
  images: z.array(z.object({ name: z.string(), newName: z.string(), newTag: z.string() })),
});

// ---- loading ----

/** docker compose's `${VAR:-default}`: the default, i.e. what runs without overrides. */
function withDefaults(text: string): string {
  return text.replace(/\$\{([A-Z_]+):-([^}]*)\}/g, (_m, _name: string, fallback: string) => fallback);
}

function loadCompose(): z.infer<typeof composeFile> {
  return composeFile.parse(parse(withDefaults(read(path.join(CLUSTER, 'docker-compose.yml'))), { merge: true }));
}

function loadK8s(): { file: string; object: K8sObject }[] {
  const files = fs.readdirSync(K8S).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  return files.flatMap((file) =>
    parseAllDocuments(read(path.join(K8S, file)))
      .filter((doc) => doc.contents !== null)
      .map((doc) => {
        expect(doc.errors, file).toEqual([]);
        return { file, object: k8sObject.parse(doc.toJS()) };
      }),
  );
}

/** An image reference pinned to a version: `name:tag`, tag not `latest`. */
function expectPinned(image: string): void {
  const match = /^[a-z0-9./_-]+:([A-Za-z0-9._-]+)$/.exec(image);
  expect(match, image).not.toBeNull();
  expect(match?.[1], image).not.toBe('latest');
}

/** The flags the real helm-worker parser accepts: run its main with --help appended (no connection is made). */
function helmWorkerAccepts(argv: string[]): Promise<{ code: number | undefined; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process, 'exit').mockImplementation((code?: string | number | null) => {
    throw new Error(`exit ${String(code)}`);
  });
  return helmWorkerMain([...argv, '--help']).then(
    (code) => ({ code, out }),
    (error: unknown) => ({ code: Number(String(error).replace(/\D/g, '')), out }),
  );
}

/** Environment variables helm-ts reads (`process.env.X`, or `env.X` of an injected environment). */
function envVarsReadBySources(): Set<string> {
  const names = new Set<string>();
  for (const dir of ['client', 'activities', 'core', 'workers', 'infra']) {
    for (const file of fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      for (const m of read(path.join(ROOT, dir, file)).matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]);
    }
  }
  return names;
}

/** `--name X --type Y` pairs, and `Name=Type` pairs of the shared registration script. */
function registeredAttributes(): Record<string, string> {
  const script = read(path.join(K8S, 'register-search-attributes.sh'));
  const list = /^ATTRIBUTES="([^"]*)"$/m.exec(script);
  expect(list).not.toBeNull();
  return Object.fromEntries((list?.[1] ?? '').split(/\s+/).map((pair) => pair.split('=') as [string, string]));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('docker-compose.yml', () => {
  const compose = loadCompose();
  const services = compose.services;

  it('has the cluster services, every image pinned', () => {
    for (const name of ['postgresql', 'temporal-schema', 'temporal', 'temporal-search-attributes', 'temporal-ui', 'helm-worker-cpu', 'helm-worker-models']) {
      expect(services[name], name).toBeDefined();
    }
    for (const [name, service] of Object.entries(services)) {
      expectPinned(service.image);
      expect(service.image.includes('auto-setup'), name).toBe(false);
    }
    expect(services.temporal.image).toMatch(/^temporalio\/server:/);
    expect(services['temporal-schema'].image.split(':')[1]).toBe(services.temporal.image.split(':')[1]);
  });

  it('depends_on targets exist, healthy conditions have health checks, one-shots complete', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[target], `${name} → ${target}`).toBeDefined();
        if (condition === 'service_healthy') expect(services[target].healthcheck, `${target} healthcheck`).toBeDefined();
      }
    }
    expect(services.temporal.depends_on?.['temporal-schema'].condition).toBe('service_completed_successfully');
    for (const worker of ['helm-worker-cpu', 'helm-worker-models']) {
      expect(services[worker].depends_on?.['temporal-search-attributes'].condition).toBe('service_completed_successfully');
      expect(services[worker].healthcheck).toBeDefined();
    }
  });

  it('named volumes: Postgres data persists, workers and helm-run share /helm', () => {
    const named = (service: string): string[] =>
      (services[service].volumes ?? []).map((v) => v.split(':')[0]).filter((source) => !source.startsWith('.'));
    for (const [name, service] of Object.entries(services)) {
      for (const source of named(name)) expect(Object.keys(compose.volumes), `${name} volume ${source}`).toContain(source);
      for (const spec of service.volumes ?? []) {
        const source = spec.split(':')[0];
        if (source.startsWith('.')) expect(fs.existsSync(path.join(CLUSTER, source)), spec).toBe(true);
      }
    }
    expect(services.postgresql.volumes).toContain('temporal-postgres:/var/lib/postgresql/data');
    for (const name of ['helm-worker-cpu', 'helm-worker-models', 'helm-run']) expect(services[name].volumes).toContain('helm-shared:/helm');
  });

  it('workers are scalable (no container_name, no fixed host port) and get helm-worker\'s environment', () => {
    const known = envVarsReadBySources();
    for (const name of ['helm-worker-cpu', 'helm-worker-models', 'helm-run']) {
      const service = services[name];
      expect(service.ports).toBeUndefined();
      const env = service.environment ?? {};
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(env.TEMPORAL_NAMESPACE).toBe('default');
      for (const key of Object.keys(env)) expect(known.has(key), `${name}: ${key} is read by helm-ts`).toBe(true);
    }
    expect(services['temporal-search-attributes'].environment?.TEMPORAL_NAMESPACE).toBe(services['helm-worker-cpu'].environment?.TEMPORAL_NAMESPACE);
  });

  it('worker commands are accepted by the real helm-worker parser, with the roles and queues intended', async () => {
    const cpu = services['helm-worker-cpu'].command ?? [];
    const models = services['helm-worker-models'].command ?? [];
    expect(cpu.slice(0, 2)).toEqual(['--role', 'cpu']);
    expect(models.slice(0, 2)).toEqual(['--role', 'models']);
    for (const argv of [cpu, models]) {
      const result = await helmWorkerAccepts(argv);
      expect(result.code, result.out).toBe(0);
      expect(result.out).toMatch(/^usage: helm-worker/);
    }
    // The probe is sound: a wrong role is refused by the same parser.
    const bad = await helmWorkerAccepts(['--role', 'gpu']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("invalid choice: 'gpu'");
  });

  it('health checks of workers look at the queues the workers serve', () => {
    expect(services['helm-worker-cpu'].healthcheck?.test).toEqual(expect.arrayContaining(['--task-queue', 'helm', 'workflow']));
    expect(services['helm-worker-models'].healthcheck?.test).toEqual(expect.arrayContaining(['--task-queue', 'helm-models', 'activity']));
  });
});

describe('Dockerfile', () => {
  const dockerfile = read(path.join(CLUSTER, 'Dockerfile'));
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const pkg = z.object({ scripts: stringMap, bin: stringMap }).parse(JSON.parse(read(path.join(ROOT, 'package.json'))));

  it('builds on pinned node:20 images', () => {
    const froms = instructions.filter((l) => l.startsWith('FROM ')).map((l) => l.split(/\s+/)[1]);
    expect(froms.length).toBe(2);
    for (const image of froms) {
      expectPinned(image);
      expect(image).toMatch(/^node:20[.-]/);
    }
  });

  it('copies files that exist in the repo', () => {
    const copies = instructions.filter((l) => l.startsWith('COPY ') && !l.includes('--from='));
    expect(copies.length).toBeGreaterThan(3);
    for (const line of copies) {
      const sources = line.split(/\s+/).slice(1, -1);
      for (const source of sources) expect(fs.existsSync(path.join(ROOT, source)), line).toBe(true);
    }
  });

  it('runs npm ci and npm scripts that package.json defines, and the helm-worker bin', () => {
    const runs = instructions.filter((l) => l.startsWith('RUN ')).join(' && ');
    expect(runs).toContain('npm ci');
    const scripts = [...runs.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    expect(scripts).toContain('build');
    for (const script of scripts) expect(Object.keys(pkg.scripts)).toContain(script);
    const entrypoint = instructions.find((l) => l.startsWith('ENTRYPOINT '));
    expect(entrypoint).toContain(`/app/${pkg.bin['helm-worker']}`);
    expect(fs.existsSync(path.join(ROOT, pkg.bin['helm-worker']))).toBe(true);
  });

  it('the compiled health check is built from infra/ (tsconfig.build.json) to the path probes call', () => {
    const build = z.object({ include: z.array(z.string()) }).parse(JSON.parse(read(path.join(ROOT, 'tsconfig.build.json'))));
    expect(build.include).toContain('infra');
    expect(fs.existsSync(path.join(CLUSTER, 'healthcheck.ts'))).toBe(true);
  });
});

describe('k8s manifests', () => {
  const objects = loadK8s();
  const byKind = <K extends K8sObject['kind']>(kind: K): Extract<K8sObject, { kind: K }>[] =>
    objects.map((o) => o.object).filter((o): o is Extract<K8sObject, { kind: K }> => o.kind === kind);
  const kust = kustomization.parse(parse(read(path.join(K8S, 'kustomization.yaml'))));
  const configMaps = new Map<string, Set<string>>([
    ...byKind('ConfigMap').map((c) => [c.metadata.name, new Set(Object.keys(c.data))] as const),
    ...kust.configMapGenerator.map((g) => [g.name, new Set(g.files.map((f) => path.basename(f)))] as const),
  ]);
  const secrets = new Map(byKind('Secret').map((s) => [s.metadata.name, new Set(Object.keys(s.stringData))] as const));
  const workloads = [...byKind('Deployment'), ...byKind('Job')];

  it('kustomization lists existing files; every manifest is parsed', () => {
    for (const file of [...kust.resources, ...kust.configMapGenerator.flatMap((g) => g.files)]) {
      expect(fs.existsSync(path.join(K8S, file)), file).toBe(true);
    }
    expect(new Set(objects.map((o) => o.file))).toEqual(new Set([...kust.resources, 'temporal-cloud.yaml']));
    expect(byKind('Deployment').map((d) => d.metadata.name).sort()).toEqual(['helm-worker-cpu', 'helm-worker-models']);
  });

  it('Deployment selectors match their pod labels', () => {
    for (const d of byKind('Deployment')) {
      for (const [key, value] of Object.entries(d.spec.selector.matchLabels)) expect(d.spec.template.metadata.labels[key], `${d.metadata.name} ${key}`).toBe(value);
    }
  });

  it('containers: pinned images, env from declared ConfigMaps/Secrets, mounts of declared volumes, claims that exist', () => {
    const claims = new Set(byKind('PersistentVolumeClaim').map((p) => p.metadata.name));
    const kustImages = new Set(kust.images.map((i) => i.name));
    for (const w of workloads) {
      const volumes = new Map((w.spec.template.spec.volumes ?? []).map((v) => [v.name, v]));
      for (const c of w.spec.template.spec.containers) {
        expectPinned(c.image);
        if (!c.image.startsWith('temporalio/')) expect(kustImages.has(c.image.split(':')[0]), c.image).toBe(true);
        for (const source of c.envFrom ?? []) {
          if ('configMapRef' in source) expect(configMaps.has(source.configMapRef.name), source.configMapRef.name).toBe(true);
          else expect(secrets.has(source.secretRef.name), source.secretRef.name).toBe(true);
        }
        for (const mount of c.volumeMounts ?? []) expect(volumes.has(mount.name), `${w.metadata.name}: ${mount.name}`).toBe(true);
      }
      for (const v of volumes.values()) {
        if (v.persistentVolumeClaim) expect(claims.has(v.persistentVolumeClaim.claimName)).toBe(true);
        if (v.configMap) expect(configMaps.has(v.configMap.name), v.configMap.name).toBe(true);
        if (v.secret) expect(secrets.has(v.secret.secretName), v.secret.secretName).toBe(true);
      }
    }
  });

  it('workers: env carries what helm-worker reads, the shared PVC is RWX at /helm, the right queues', async () => {
    const config = byKind('ConfigMap').find((c) => c.metadata.name === 'helm-ts-config');
    expect(config?.data.TEMPORAL_ADDRESS).toMatch(/^[\w.-]+:\d+$/);
    expect(config?.data.TEMPORAL_NAMESPACE).toBeTruthy();
    const known = envVarsReadBySources();
    const provided = [...configMaps.get('helm-ts-config') ?? [], ...[...secrets.entries()].filter(([n]) => n !== 'helm-ts-temporal-mtls').flatMap(([, keys]) => [...keys])];
    for (const key of provided) expect(known.has(key), `${key} is read by helm-ts`).toBe(true);
    // The commented mTLS paths point into the mounted Secret's keys.
    const mtlsKeys = secrets.get('helm-ts-temporal-mtls') ?? new Set<string>();
    const tlsPaths = [...read(path.join(K8S, 'config.yaml')).matchAll(/# (TEMPORAL_TLS_\w+): \/etc\/temporal-tls\/(\S+)/g)];
    expect(tlsPaths.map((m) => m[1])).toEqual(['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA']);
    for (const m of tlsPaths) {
      expect(known.has(m[1])).toBe(true);
      expect(mtlsKeys.has(m[2]), m[2]).toBe(true);
    }
    expect(byKind('PersistentVolumeClaim')[0].spec.accessModes).toEqual(['ReadWriteMany']);
    for (const d of byKind('Deployment')) {
      const c = d.spec.template.spec.containers[0];
      expect(c.workingDir).toBe('/helm');
      expect(c.volumeMounts).toContainEqual({ name: 'helm-shared', mountPath: '/helm' });
      const result = await helmWorkerAccepts(c.args ?? []);
      expect(result.code, result.out).toBe(0);
    }
    const role = (name: string): string | undefined => byKind('Deployment').find((d) => d.metadata.name === name)?.spec.template.spec.containers[0].args?.[1];
    expect(role('helm-worker-cpu')).toBe('cpu');
    expect(role('helm-worker-models')).toBe('models');
  });

  it('the search-attribute Job runs the shared registration script from its generated ConfigMap', () => {
    const job = byKind('Job')[0];
    const c = job.spec.template.spec.containers[0];
    expect(c.command).toEqual(['/bin/sh', '/scripts/register-search-attributes.sh']);
    const scriptVolume = job.spec.template.spec.volumes?.find((v) => v.configMap?.name === 'helm-ts-search-attributes-script');
    expect(c.volumeMounts).toContainEqual({ name: scriptVolume?.name, mountPath: '/scripts', readOnly: true });
    expect(c.image.split(':')[1]).toBe(loadCompose().services.temporal.image.split(':')[1]);
  });

  it('kubectl kustomize renders the kustomization (when kubectl is installed)', () => {
    const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    if (probe.status !== 0) return; // kubectl is optional on developer machines and CI
    const rendered = execFileSync('kubectl', ['kustomize', K8S], { encoding: 'utf8' });
    const kinds = parseAllDocuments(rendered).map((d) => k8sObject.parse(d.toJS()).kind);
    expect(kinds.sort()).toEqual(['ConfigMap', 'ConfigMap', 'Deployment', 'Deployment', 'Job', 'Namespace', 'PersistentVolumeClaim', 'Secret']);
  });
});

describe('search attributes', () => {
  it('the registration script registers exactly infra/search-attributes.ts SEARCH_ATTRIBUTES', () => {
    expect(registeredAttributes()).toEqual(SEARCH_ATTRIBUTES);
  });

  it('compose and the k8s Job use that script', () => {
    const compose = loadCompose();
    expect(compose.services['temporal-search-attributes'].volumes).toContain('./k8s/register-search-attributes.sh:/scripts/register-search-attributes.sh:ro');
    expect(compose.services['temporal-search-attributes'].command).toEqual(['/scripts/register-search-attributes.sh']);
  });
});

describe('healthcheck', () => {
  it('is healthy only when a poller identity belongs to this host', () => {
    expect(hostIsPolling([{ identity: '7@helm-worker-cpu-5d9f' }], 'helm-worker-cpu-5d9f')).toBe(true);
    expect(hostIsPolling([{ identity: '7@helm-worker-cpu-other' }, { identity: null }], 'helm-worker-cpu-5d9f')).toBe(false);
    expect(hostIsPolling([], 'x')).toBe(false);
  });
});
