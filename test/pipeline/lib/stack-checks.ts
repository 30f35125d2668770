// Static checks of compose.yaml, the backend configurations and Grafana provisioning, alone and
// across files (P5: pinned images, health checks, volumes, start order; ports and URLs agreeing
// between compose, Alloy, Grafana and the backends). Each returns a list of problems.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { asList, asRecord, at, REPO, type Yaml } from './files.js';

/** Host ports fixed by the interfaces between the parts of the project. */
export const HOST_PORTS: Readonly<Record<string, number>> = {
  grafana: 3000,
  receiver: 8788,
  demo: 8080,
  alloy: 12345,
  mimir: 9009,
  loki: 3100,
  tempo: 3200,
};

/** Services without data of their own, so without a volume (each with its reason). */
export const STATELESS: Readonly<Record<string, string>> = {
  receiver: 'forwards every request before answering; keeps no data',
  demo: 'serves static files',
  traffic: 'k6 load generator',
  'mimir-ready': "health probe for Mimir's shell-less image",
};

/** Health probes that stand in for the health check of a service whose image cannot run one. */
export const PROBES: Readonly<Record<string, string>> = { 'mimir-ready': 'mimir' };

// An exact release: name:1.2.3 or name:v1.2.3 (optionally with a digest), never latest or 1.2.
const PINNED = /^[a-z0-9][a-z0-9./_-]*:v?\d+\.\d+\.\d+(?:@sha256:[a-f0-9]{64})?$/;

export function services(compose: unknown): Map<string, Yaml> {
  return new Map(
    Object.entries(asRecord(at(compose, 'services'))).map(([k, v]) => [k, asRecord(v)]),
  );
}

function dependsOn(service: Yaml): Map<string, string | undefined> {
  const raw = service.depends_on;
  if (Array.isArray(raw)) return new Map(raw.map((name) => [String(name), undefined]));
  return new Map(
    Object.entries(asRecord(raw)).map(([name, v]) => [
      name,
      asRecord(v).condition as string | undefined,
    ]),
  );
}

function healthTest(service: Yaml): string {
  const test = at(service, 'healthcheck.test');
  return Array.isArray(test) ? test.map(String).join(' ') : String(test ?? '');
}

/** `./alloy:/etc/alloy:ro` → { source: './alloy', target: '/etc/alloy' }. */
export function mounts(service: Yaml): { source: string; target: string }[] {
  return asList(service.volumes).map((v) => {
    if (typeof v === 'string') {
      const [source = '', target = ''] = v.split(':');
      return { source, target };
    }
    const r = asRecord(v);
    return { source: String(r.source ?? ''), target: String(r.target ?? '') };
  });
}

function hostPorts(service: Yaml): Map<number, number> {
  const ports = new Map<number, number>();
  for (const p of asList(service.ports)) {
    const match = /^(?:[\d.]+:)?(\d+):(\d+)$/.exec(String(p));
    if (match) ports.set(Number(match[1]), Number(match[2]));
  }
  return ports;
}

export function composeProblems(compose: unknown, root = REPO): string[] {
  const problems: string[] = [];
  const all = services(compose);
  const volumes = new Set(Object.keys(asRecord(at(compose, 'volumes'))));
  for (const required of [
    'receiver',
    'alloy',
    'loki',
    'tempo',
    'mimir',
    'grafana',
    'demo',
    'traffic',
  ]) {
    if (!all.has(required)) problems.push(`service ${required} is missing`);
  }
  for (const [name, service] of all) {
    const where = `service ${name}`;
    // Images: built here, or pinned to an exact release.
    const build = asRecord(service.build);
    if (Object.keys(build).length > 0) {
      if (build.context !== '.') {
        problems.push(`${where}: build context must be the repository root`);
      }
      if (!existsSync(join(root, String(build.dockerfile)))) {
        problems.push(`${where}: Dockerfile ${String(build.dockerfile)} does not exist`);
      }
    } else if (!PINNED.test(String(service.image ?? ''))) {
      problems.push(`${where}: image ${String(service.image)} is not pinned to an exact version`);
    }
    // Health: its own check, or a probe service standing in for it.
    const probe = Object.entries(PROBES).find(([, target]) => target === name)?.[0];
    if (service.healthcheck === undefined) {
      if (!probe || !all.has(probe)) problems.push(`${where}: no health check`);
      else if (!healthTest(all.get(probe)!).includes(`http://${name}:`)) {
        problems.push(`${where}: probe ${probe} does not check http://${name}:...`);
      }
    } else if (healthTest(service).trim() === '' || /\bNONE\b/.test(healthTest(service))) {
      problems.push(`${where}: empty health check`);
    }
    // Data: a named volume, unless the service keeps none.
    if (!(name in STATELESS)) {
      const named = mounts(service).filter(
        (m) => !m.source.startsWith('.') && !m.source.startsWith('/'),
      );
      if (named.length === 0) problems.push(`${where}: no named volume for its data`);
      for (const m of named) {
        if (!volumes.has(m.source)) problems.push(`${where}: volume ${m.source} is not declared`);
      }
    }
    // Files mounted from the repository exist (folders may still be empty).
    for (const m of mounts(service)) {
      if (
        m.source.startsWith('./') &&
        /\.[a-z]+$/.test(m.source) &&
        !existsSync(join(root, m.source))
      ) {
        problems.push(`${where}: mounted file ${m.source} does not exist`);
      }
    }
    // Start order by health.
    for (const [dependency, condition] of dependsOn(service)) {
      if (!all.has(dependency)) problems.push(`${where}: depends on unknown service ${dependency}`);
      const probing = PROBES[name] === dependency;
      const wanted = probing ? 'service_started' : 'service_healthy';
      if (condition !== wanted) {
        problems.push(
          `${where}: depends_on ${dependency} must use condition ${wanted}, found ${String(condition)}`,
        );
      }
      if (
        dependency in PROBES === false &&
        Object.values(PROBES).includes(dependency) &&
        !probing
      ) {
        problems.push(`${where}: must wait for ${dependency}'s probe, not ${dependency} itself`);
      }
    }
    // Host ports fixed by the interfaces.
    const expected = HOST_PORTS[name];
    if (expected !== undefined && !hostPorts(service).has(expected)) {
      problems.push(`${where}: host port ${expected} is not published`);
    }
  }
  return problems;
}

/** compose's service names and container ports that a URL may point at. */
export function composeTargets(
  compose: unknown,
  containerPorts: Readonly<Record<string, number[]>>,
): Set<string> {
  const targets = new Set<string>();
  for (const name of services(compose).keys()) {
    for (const port of containerPorts[name] ?? []) targets.add(`${name}:${port}`);
  }
  return targets;
}

/** A URL's host:port, or undefined. */
export function hostPort(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return undefined;
  }
}

// ── Grafana provisioning ────────────────────────────────────────────────────────────────────

export const DATASOURCE_UIDS: Readonly<Record<string, string>> = {
  'openqoe-mimir': 'prometheus',
  'openqoe-loki': 'loki',
  'openqoe-tempo': 'tempo',
  'openqoe-alertmanager': 'alertmanager',
};

/** Unescaped `$VAR` / `${VAR}`: Grafana would expand it from its environment. */
export function unescapedDollars(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\$+\{?[A-Za-z_][A-Za-z0-9_.]*\}?/g)) {
    const dollars = /^\$+/.exec(match[0])![0].length;
    if (dollars % 2 === 1) found.push(match[0]);
  }
  return found;
}

export function datasourceProblems(
  doc: unknown,
  text: string,
  targets: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  if (at(doc, 'apiVersion') !== 1) problems.push('apiVersion must be 1');
  const list = asList(at(doc, 'datasources')).map(asRecord);
  const uids = list.map((d) => String(d.uid));
  const seen = new Set<string>();
  for (const uid of uids) {
    if (seen.has(uid)) problems.push(`uid ${uid} is used twice`);
    seen.add(uid);
  }
  for (const [uid, type] of Object.entries(DATASOURCE_UIDS)) {
    const ds = list.find((d) => d.uid === uid);
    if (!ds) problems.push(`data source ${uid} is missing`);
    else if (ds.type !== type) problems.push(`${uid}: type ${String(ds.type)}, expected ${type}`);
  }
  for (const ds of list) {
    const where = `data source ${String(ds.uid)}`;
    for (const field of ['name', 'uid', 'type', 'url']) {
      if (typeof ds[field] !== 'string' || ds[field] === '')
        problems.push(`${where}: ${field} is required`);
    }
    const target = hostPort(String(ds.url));
    if (!target || !targets.has(target))
      problems.push(`${where}: url ${String(ds.url)} is no compose service port`);
    // Multi-tenant backends: every query names tenant default.
    if (
      at(ds, 'jsonData.httpHeaderName1') !== 'X-Scope-OrgID' ||
      at(ds, 'secureJsonData.httpHeaderValue1') !== 'default'
    ) {
      problems.push(`${where}: must send X-Scope-OrgID: default`);
    }
  }
  // Correlations point at data sources that exist, of the right type.
  const links: [string, unknown, string][] = [];
  const mimir = list.find((d) => d.uid === 'openqoe-mimir');
  const loki = list.find((d) => d.uid === 'openqoe-loki');
  const tempo = list.find((d) => d.uid === 'openqoe-tempo');
  const exemplars = asList(at(mimir, 'jsonData.exemplarTraceIdDestinations')).map(asRecord);
  if (!exemplars.some((e) => e.name === 'trace_id'))
    problems.push('openqoe-mimir: no exemplar destination for label trace_id');
  for (const e of exemplars) links.push(['Mimir exemplars', e.datasourceUid, 'tempo']);
  const derived = asList(at(loki, 'jsonData.derivedFields')).map(asRecord);
  if (!derived.some((d) => d.matcherRegex === 'trace_id'))
    problems.push('openqoe-loki: no derived field for trace_id');
  for (const d of derived) links.push(['Loki derived field', d.datasourceUid, 'tempo']);
  links.push(['Tempo traces to logs', at(tempo, 'jsonData.tracesToLogsV2.datasourceUid'), 'loki']);
  links.push([
    'Tempo traces to metrics',
    at(tempo, 'jsonData.tracesToMetrics.datasourceUid'),
    'prometheus',
  ]);
  links.push(['Tempo service map', at(tempo, 'jsonData.serviceMap.datasourceUid'), 'prometheus']);
  links.push(['Tempo Loki search', at(tempo, 'jsonData.lokiSearch.datasourceUid'), 'loki']);
  for (const [what, uid, type] of links) {
    const target = list.find((d) => d.uid === uid);
    if (!target) problems.push(`${what}: points at unknown uid ${String(uid)}`);
    else if (target.type !== type)
      problems.push(`${what}: points at ${String(uid)}, a ${String(target.type)} data source`);
  }
  const logsQuery = String(at(tempo, 'jsonData.tracesToLogsV2.query') ?? '');
  if (
    at(tempo, 'jsonData.tracesToLogsV2.customQuery') === true &&
    !logsQuery.includes('${__trace.traceId}')
  ) {
    problems.push('Tempo traces to logs: the custom query does not filter by the trace id');
  }
  for (const dollar of unescapedDollars(text))
    problems.push(`unescaped ${dollar}: Grafana expands it from its environment (write $$)`);
  return problems;
}

export function dashboardProviderProblems(doc: unknown, compose: unknown): string[] {
  const problems: string[] = [];
  if (at(doc, 'apiVersion') !== 1) problems.push('apiVersion must be 1');
  const providers = asList(at(doc, 'providers')).map(asRecord);
  if (providers.length !== 1)
    return [...problems, `expected one provider, found ${providers.length}`];
  const provider = providers[0]!;
  if (provider.type !== 'file') problems.push('provider type must be file');
  const path = String(at(provider, 'options.path'));
  if (path !== '/var/lib/grafana/dashboards')
    problems.push(`provider path ${path}, the interfaces say /var/lib/grafana/dashboards`);
  const grafana = services(compose).get('grafana');
  const mounted = grafana ? mounts(grafana).find((m) => m.target === path) : undefined;
  if (mounted?.source !== './grafana/dashboards')
    problems.push(`compose does not mount ./grafana/dashboards at ${path}`);
  const provisioning = grafana
    ? mounts(grafana).find((m) => m.target === '/etc/grafana/provisioning')
    : undefined;
  if (provisioning?.source !== './grafana/provisioning')
    problems.push('compose does not mount ./grafana/provisioning at /etc/grafana/provisioning');
  return problems;
}
