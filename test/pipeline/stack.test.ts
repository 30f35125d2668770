// Static checks of compose.yaml, the backend configurations and Grafana provisioning, and of how
// they agree with each other and with the Alloy configuration (P4, P5). No Docker engine runs
// here, so these checks carry CI; each is also shown to fail on a broken copy.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PORT } from '../../receiver/src/config/config.js';
import { loadConfig } from '../../receiver/src/config/load-config.js';
import { keyDigest } from '../../receiver/src/domain/api-keys.js';
import { envDefaults } from './lib/alloy-checks.js';
import { tenantSlots, tenantsWithoutSlot } from './lib/exemplar-checks.js';
import { attributeLiteral, blocks } from './lib/alloy-syntax.js';
import {
  envDefault,
  hours,
  lokiProblems,
  mimirProblems,
  tempoProblems,
} from './lib/backend-checks.js';
import {
  alloyFiles,
  asList,
  asRecord,
  at,
  clone,
  parseAlloyFiles,
  readText,
  readYaml,
  REPO,
} from './lib/files.js';
import {
  composeProblems,
  composeTargets,
  dashboardProviderProblems,
  datasourceProblems,
  hostPort,
  mounts,
  services,
  unescapedDollars,
} from './lib/stack-checks.js';

const compose = readYaml('compose.yaml');
const mimir = readYaml('mimir/mimir.yaml');
const loki = readYaml('loki/loki.yaml');
const tempo = readYaml('tempo/tempo.yaml');
const datasourcesText = readText('grafana/provisioning/datasources/openqoe.yaml');
const datasources = readYaml('grafana/provisioning/datasources/openqoe.yaml');
const dashboardsProvider = readYaml('grafana/provisioning/dashboards/openqoe.yaml');
const alloy = parseAlloyFiles(alloyFiles());
const alloyEnv = envDefaults(alloy);

const service = (name: string): Record<string, unknown> => services(compose).get(name) ?? {};
const env = (name: string): Record<string, unknown> => asRecord(service(name).environment);
/** Where compose mounts a repository path (or volume) into a service. */
const mountTarget = (name: string, source: string): string | undefined =>
  mounts(service(name)).find((m) => m.source === source)?.target;
const port = (value: unknown): number => Number(envDefault(value));

/** The port each service listens on inside the network, read from its own configuration. */
function containerPorts(): Record<string, number[]> {
  const alloyListen = String(alloyEnv.get('OPENQOE_OTLP_LISTEN'));
  const alloyUi = asList(service('alloy').command)
    .map(String)
    .find((a) => a.startsWith('--server.http.listen-addr='));
  return {
    receiver: [DEFAULT_PORT],
    alloy: [Number(alloyListen.split(':')[1]), Number(alloyUi?.split(':').pop())],
    loki: [port(at(loki, 'server.http_listen_port'))],
    tempo: [
      port(at(tempo, 'server.http_listen_port')),
      Number(
        String(at(tempo, 'distributor.receivers.otlp.protocols.http.endpoint')).split(':').pop(),
      ),
    ],
    mimir: [port(at(mimir, 'server.http_listen_port'))],
    grafana: [3000],
    demo: [8080],
  };
}
const targets = composeTargets(compose, containerPorts());

describe('compose stack (static)', () => {
  describe('compose.yaml', () => {
    it('pins every image, checks every service, keeps data in volumes, starts by health (P5)', () => {
      expect(composeProblems(compose)).to.deep.equal([]);
    });

    it('fails on a floating image, a missing health check, volume or health condition', () => {
      const floating = clone(compose) as Record<string, Record<string, Record<string, unknown>>>;
      floating.services!.loki!.image = 'grafana/loki:latest';
      floating.services!.tempo!.image = 'grafana/tempo:3';
      delete floating.services!.grafana!.healthcheck;
      floating.services!.mimir!.volumes = ['./mimir/mimir.yaml:/etc/mimir/mimir.yaml:ro'];
      floating.services!.receiver!.depends_on = { alloy: { condition: 'service_started' } };
      floating.services!.alloy!.depends_on = { mimir: { condition: 'service_healthy' } };
      const problems = composeProblems(floating).join('\n');
      expect(problems).to.match(/loki: image grafana\/loki:latest is not pinned/);
      expect(problems).to.match(/tempo: image grafana\/tempo:3 is not pinned/);
      expect(problems).to.match(/grafana: no health check/);
      expect(problems).to.match(/mimir: no named volume/);
      expect(problems).to.match(/receiver: depends_on alloy must use condition service_healthy/);
      expect(problems).to.match(/alloy: must wait for mimir's probe/);
    });

    it('fails on a missing service, an unpublished interface port or a missing mounted file', () => {
      const copy = clone(compose) as Record<string, Record<string, Record<string, unknown>>>;
      delete copy.services!.demo;
      (copy.services!.receiver!.build as Record<string, unknown>).dockerfile =
        'receiver/Dockerfile.x';
      copy.services!.grafana!.ports = ['3001:3000'];
      copy.services!.loki!.volumes = [
        './loki/missing.yaml:/etc/loki/openqoe.yaml:ro',
        'loki-data:/loki',
      ];
      const problems = composeProblems(copy).join('\n');
      expect(problems).to.match(/service demo is missing/);
      expect(problems).to.match(/Dockerfile receiver\/Dockerfile\.x does not exist/);
      expect(problems).to.match(/grafana: host port 3000 is not published/);
      expect(problems).to.match(/mounted file \.\/loki\/missing\.yaml does not exist/);
    });

    it('runs Alloy on the whole alloy/ folder with the experimental components enabled', () => {
      const command = asList(service('alloy').command).map(String);
      expect(command[0]).to.equal('run');
      expect(command).to.include('--stability.level=experimental');
      expect(command).to.include(mountTarget('alloy', './alloy'));
      const storage = command.find((a) => a.startsWith('--storage.path='))!.split('=')[1];
      expect(mountTarget('alloy', 'alloy-data'), 'queues and WAL on the volume').to.equal(storage);
    });

    it('gives the traffic profile the k6 script with its variables', () => {
      const traffic = service('traffic');
      expect(traffic.profiles).to.deep.equal(['traffic']);
      expect(String(traffic.image)).to.match(/^grafana\/k6:2\.3\.\d+$/);
      expect(mountTarget('traffic', './load')).to.equal('/scripts');
      expect(asList(traffic.command)).to.deep.equal(['run', '/scripts/traffic.ts']);
      expect(Object.keys(env('traffic'))).to.include.members([
        'TARGET',
        'API_KEY',
        'VIEWS_PER_MINUTE',
      ]);
      expect(hostPort(String(env('traffic').TARGET))).to.equal(`receiver:${DEFAULT_PORT}`);
    });

    it('gives the demo page the receiver URL and key it reads at start', () => {
      expect(env('demo').RECEIVER_URL).to.equal(`\${RECEIVER_URL:-http://localhost:${8788}}`);
      expect(env('demo').OPENQOE_API_KEY).to.equal('${OPENQOE_API_KEY:-openqoe-dev-key}');
    });

    it('print-urls.sh prints the ports compose publishes', () => {
      const script = readText('scripts/print-urls.sh');
      for (const [name, label] of [
        ['grafana', 'Grafana'],
        ['demo', 'Demo page'],
        ['receiver', 'Receiver'],
      ] as const) {
        const printed = new RegExp(`${label} +http://localhost:(\\d+)`).exec(script)?.[1];
        expect(printed, `${label} line`).to.match(/^\d+$/);
        expect(asList(service(name).ports).map(String), name).to.include(`${printed}:${printed}`);
      }
    });
  });

  describe('receiver in compose', () => {
    // The receiver's own configuration loader, on the environment compose gives it.
    const receiverEnv = (): Record<string, string> => {
      const values = Object.fromEntries(
        Object.entries(env('receiver')).map(([k, v]) => [k, envDefault(v)]),
      );
      const file = mounts(service('receiver')).find(
        (m) => m.target === values.RECEIVER_CONFIG,
      )!.source;
      return { ...values, RECEIVER_CONFIG: join(REPO, file) };
    };

    it('forwards to Alloy, lets the demo origin send with the dev key, reports as tenant default', () => {
      const config = loadConfig(receiverEnv());
      expect(targets.has(hostPort(config.downstream.url)!), config.downstream.url).to.equal(true);
      expect(hostPort(config.downstream.url)).to.equal(
        `alloy:${String(alloyEnv.get('OPENQOE_OTLP_LISTEN')).split(':')[1]}`,
      );
      const devKey = config.keys.find((k) => k.digest.equals(keyDigest('openqoe-dev-key')));
      expect(devKey, 'the dev key of the interfaces authenticates').to.not.equal(undefined);
      expect(devKey!.tenant).to.equal('default');
      expect(devKey!.origins).to.include('http://localhost:8080');
      expect(config.telemetry.tenant).to.equal('default');
    });

    it("gives the tenants of compose's API keys exemplar slots (OPENQOE_TENANTS)", () => {
      const tenants = [...new Set(loadConfig(receiverEnv()).keys.map((k) => k.tenant))];
      expect(tenants).to.include('default');
      const slots = tenantSlots(alloy);
      if (typeof slots === 'string') throw new Error(slots);
      const listed = env('alloy').OPENQOE_TENANTS as string | undefined;
      expect(tenantsWithoutSlot(tenants, listed, slots.size)).to.deep.equal([]);
      // The check itself: a list without them leaves them without exemplars.
      expect(tenantsWithoutSlot(tenants, 'someone-else', slots.size)).to.include('default');
    });

    it('the check fails when the receiver config names another tenant', () => {
      const dir = mkdtempSync(join(tmpdir(), 'openqoe-receiver-'));
      const file = join(dir, 'receiver.yaml');
      writeFileSync(
        file,
        readText('compose/receiver.yaml').replace(
          'tenant: default }',
          'tenant: openqoe-receiver }',
        ),
      );
      expect(loadConfig({ ...receiverEnv(), RECEIVER_CONFIG: file }).telemetry.tenant).to.equal(
        'openqoe-receiver',
      );
    });
  });

  describe('backends', () => {
    it('Mimir: multi-tenant, 30 days, exemplars, contract names, data on its volume', () => {
      expect(mimirProblems(mimir, mountTarget('mimir', 'mimir-data')!)).to.deep.equal([]);
    });

    it('Mimir: the ruler reads mimir/rules and the Alertmanager its fallback file, as mounted', () => {
      expect(at(mimir, 'ruler_storage.local.directory')).to.equal(
        mountTarget('mimir', './mimir/rules'),
      );
      const fallback = String(at(mimir, 'alertmanager.fallback_config_file'));
      const dir = mountTarget('mimir', './mimir/alertmanager')!;
      expect(fallback.startsWith(`${dir}/`)).to.equal(true);
      expect(existsSync(join(REPO, 'mimir/rules/default')), 'rules for tenant default').to.equal(
        true,
      );
    });

    it("Mimir: the Alertmanager fallback file exists (written by the rules' owner)", function () {
      const dir = mountTarget('mimir', './mimir/alertmanager')!;
      const repoPath = String(at(mimir, 'alertmanager.fallback_config_file')).replace(
        dir,
        'mimir/alertmanager',
      );
      if (!existsSync(join(REPO, repoPath))) {
        console.log(`      pending: ${repoPath} is not written yet (mimir rules issue)`);
        this.skip();
      }
      expect(readYaml(repoPath)).to.have.property('route');
    });

    it('Loki: multi-tenant, 30 days, OTLP with structured metadata, data on its volume', () => {
      expect(lokiProblems(loki, mountTarget('loki', 'loki-data')!)).to.deep.equal([]);
    });

    it('Tempo: multi-tenant, 30 days, ingestion slack for long views (P4), generator off', () => {
      expect(tempoProblems(tempo, mountTarget('tempo', 'tempo-data')!)).to.deep.equal([]);
      expect(hours(at(tempo, 'live_store.wal.ingestion_time_range_slack'))).to.equal(6);
    });

    it('each backend check fails on a broken copy', () => {
      const m = clone(mimir) as Record<string, unknown> & { limits: Record<string, unknown> };
      m.limits.max_global_exemplars_per_user = 0;
      m.multitenancy_enabled = false;
      m.limits.otel_metric_suffixes_enabled = true;
      expect(mimirProblems(m, '/data').join('\n'))
        .to.match(/exemplars/)
        .and.match(/multitenancy/)
        .and.match(/suffixes/);
      const l = clone(loki) as Record<string, unknown> & { limits_config: Record<string, unknown> };
      l.limits_config.retention_period = '744h';
      l.auth_enabled = false;
      l.limits_config.otlp_config = {
        log_attributes: [{ action: 'index_label', attributes: ['openqoe.event.name'] }],
      };
      expect(lokiProblems(l, '/loki').join('\n'))
        .to.match(/retention_period/)
        .and.match(/auth_enabled/)
        .and.match(/log_attributes may not use index_label/);
      const t = clone(tempo) as Record<string, Record<string, Record<string, unknown>>>;
      t.live_store!.wal!.ingestion_time_range_slack = '2m';
      t.overrides!.defaults!.metrics_generator = { processors: ['span-metrics'] };
      expect(tempoProblems(t, '/var/tempo').join('\n'))
        .to.match(/live_store\.wal\.ingestion_time_range_slack/)
        .and.match(/generator must be off/);
      expect(mimirProblems(mimir, '/elsewhere').join('\n')).to.match(/data volume/);
    });
  });

  describe('Alloy ↔ compose ↔ backends', () => {
    it("Alloy's endpoint defaults are compose services, and compose sets the same values", () => {
      const expected: [string, string, string][] = [
        ['OPENQOE_TEMPO_TRACES_URL', 'tempo', '/v1/traces'],
        ['OPENQOE_LOKI_LOGS_URL', 'loki', '/otlp/v1/logs'],
        ['OPENQOE_MIMIR_METRICS_URL', 'mimir', '/otlp/v1/metrics'],
        ['OPENQOE_MIMIR_REMOTE_WRITE_URL', 'mimir', '/api/v1/push'],
      ];
      for (const [variable, backend, path] of expected) {
        const url = alloyEnv.get(variable)!;
        expect(targets.has(hostPort(url)!), `${variable} ${url}`).to.equal(true);
        expect(hostPort(url)!.split(':')[0]).to.equal(backend);
        expect(new URL(url).pathname).to.equal(path);
        expect(env('alloy')[variable], `compose sets ${variable}`).to.equal(url);
      }
      expect(env('alloy').OPENQOE_SELF_TENANT).to.equal(alloyEnv.get('OPENQOE_SELF_TENANT'));
    });

    it('the check fails when a URL names no compose service port', () => {
      expect(targets.has('tempo:4319')).to.equal(false);
      expect(targets.has('mimir:8080')).to.equal(false);
      expect(targets.has('tempo:4318')).to.equal(true);
    });

    it('Alloy keeps its queues under --storage.path (the storage block sets no other directory)', () => {
      for (const storage of blocks(alloy, 'otelcol.storage.file')) {
        expect(attributeLiteral(storage.body, 'directory')).to.equal(undefined);
      }
    });
  });

  describe('Grafana provisioning', () => {
    it('data sources: fixed uids, compose URLs, tenant header, correlations to existing uids', () => {
      expect(datasourceProblems(datasources, datasourcesText, targets)).to.deep.equal([]);
    });

    it('fails on a duplicate uid, a dangling correlation, a wrong URL, an unescaped $', () => {
      const copy = clone(datasources) as { datasources: Record<string, unknown>[] };
      copy.datasources[1]!.uid = 'openqoe-mimir';
      (copy.datasources[0]!.jsonData as Record<string, unknown>).exemplarTraceIdDestinations = [
        { name: 'trace_id', datasourceUid: 'tempo' },
      ];
      copy.datasources[2]!.url = 'http://tempo:3201';
      const problems = datasourceProblems(
        copy,
        datasourcesText.replace('$${__value.raw}', '${__value.raw}'),
        targets,
      ).join('\n');
      expect(problems).to.match(/uid openqoe-mimir is used twice/);
      expect(problems).to.match(/Mimir exemplars: points at unknown uid tempo/);
      expect(problems).to.match(/url http:\/\/tempo:3201 is no compose service port/);
      expect(problems).to.match(/unescaped \$\{__value\.raw\}/);
      expect(unescapedDollars('a $$HOME b $${x} c')).to.deep.equal([]);
    });

    it('the dashboards provider reads the folder compose mounts', () => {
      expect(dashboardProviderProblems(dashboardsProvider, compose)).to.deep.equal([]);
      const copy = clone(dashboardsProvider) as { providers: { options: { path: string } }[] };
      copy.providers[0]!.options.path = '/dashboards';
      expect(dashboardProviderProblems(copy, compose).join('\n')).to.match(
        /provider path \/dashboards/,
      );
    });

    it("the dashboards' data source variables default to provisioned uids of their type", () => {
      const provisioned = asList(at(datasources, 'datasources')).map(asRecord);
      const files = readdirSync(join(REPO, 'grafana/dashboards')).filter((f) =>
        f.endsWith('.json'),
      );
      const problems: string[] = [];
      for (const file of files) {
        const dashboard = JSON.parse(readText(`grafana/dashboards/${file}`)) as unknown;
        for (const variable of asList(at(dashboard, 'templating.list')).map(asRecord)) {
          if (variable.type !== 'datasource') continue;
          const uid = at(variable, 'current.value');
          const target = provisioned.find((d) => d.uid === uid);
          if (!target || target.type !== variable.query) {
            problems.push(`${file}: $${String(variable.name)} defaults to ${String(uid)}`);
          }
        }
      }
      expect(files.length, 'dashboards exist').to.be.greaterThan(0);
      expect(problems).to.deep.equal([]);
    });

    it('every provisioning file parses', () => {
      for (const file of [
        'grafana/provisioning/datasources/openqoe.yaml',
        'grafana/provisioning/dashboards/openqoe.yaml',
      ]) {
        expect(readYaml(file), file).to.be.an('object');
      }
      expect(() => readYaml('compose.yaml')).to.not.throw();
    });
  });
});
