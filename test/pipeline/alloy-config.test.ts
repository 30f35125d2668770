// Static checks of alloy/*.alloy (P1-P3): syntax, wiring, tenancy, persistent queues, the
// contract's 18 metrics, the exemplar slots and scrubbing. Each check is also run on a broken copy to show it fails.
import { expect } from 'chai';
import { loadContract } from '@openqoe/contract';
import { renderContractAlloy } from '../../alloy/generate-contract.js';
import { parseAlloy, AlloySyntaxError } from './lib/alloy-syntax.js';
import {
  attributeNameProblems,
  envDefaults,
  metricProblems,
  referenceProblems,
  routingProblems,
  scrubProblems,
  tenancyProblems,
} from './lib/alloy-checks.js';
import { exemplarProblems, slotValues, tenantSlots } from './lib/exemplar-checks.js';
import { alloyFiles, parseAlloyFiles, readText } from './lib/files.js';

const contract = loadContract();
const files = alloyFiles();
const config = parseAlloyFiles(files);

/** The configuration with one file's text changed (must change, or the test proves nothing). */
function broken(
  file: string,
  from: string | RegExp,
  to: string,
): ReturnType<typeof parseAlloyFiles> {
  const copy = new Map(files);
  const text = copy.get(file)!;
  const changed = text.replace(from, to);
  expect(changed, `the mutation of ${file} must apply`).to.not.equal(text);
  copy.set(file, changed);
  return parseAlloyFiles(copy);
}

describe('Alloy configuration (static)', () => {
  it('loads config.alloy and the generated contract.alloy', () => {
    expect([...files.keys()]).to.deep.equal(['alloy/config.alloy', 'alloy/contract.alloy']);
  });

  it('contract.alloy is what the generator makes from the contract (make generate)', () => {
    expect(readText('alloy/contract.alloy')).to.equal(renderContractAlloy(contract));
  });

  it('the reader rejects broken syntax', () => {
    expect(() => parseAlloy('a "x" {\n  b = [1, 2\n}\n')).to.throw(AlloySyntaxError);
    expect(() => parseAlloy('a "x" {\n  b = "open\n}\n')).to.throw(
      AlloySyntaxError,
      /newline in string/,
    );
    expect(() => parseAlloy('a "x" {\n  b = 1\n')).to.throw(AlloySyntaxError, /missing \}/);
  });

  describe('wiring', () => {
    it('every component reference resolves', () => {
      expect(referenceProblems(config)).to.deep.equal([]);
    });

    it('fails on a reference to a missing component', () => {
      const copy = broken(
        'alloy/config.alloy',
        'otelcol.processor.batch.metrics.input]',
        'otelcol.processor.batch.metric.input]',
      );
      expect(referenceProblems(copy)).to.have.length.greaterThan(0);
    });

    it('routes traces to Tempo, logs to Loki, all metrics to Mimir, each behind a file queue (P1)', () => {
      expect(routingProblems(config)).to.deep.equal([]);
    });

    it('fails when an exporter queue is not on disk', () => {
      const copy = broken(
        'alloy/config.alloy',
        'storage    = otelcol.storage.file.queues.handler',
        '// storage removed',
      );
      expect(routingProblems(copy).join('\n')).to.match(/otlphttp\.tempo: sending_queue\.storage/);
    });

    it('fails when logs are routed to Tempo or metrics miss Mimir', () => {
      const copy = broken(
        'alloy/config.alloy',
        'otelcol.exporter.otlphttp.loki.input,',
        'otelcol.exporter.otlphttp.tempo.input,',
      );
      const problems = routingProblems(copy).join('\n');
      expect(problems).to.match(/logs received do not reach otelcol\.exporter\.otlphttp\.loki/);
      expect(problems).to.match(/logs must not reach otelcol\.exporter\.otlphttp\.tempo/);
      const noMetrics = broken(
        'alloy/config.alloy',
        'metrics = [otelcol.exporter.otlphttp.mimir.input]',
        'metrics = []',
      );
      expect(routingProblems(noMetrics).join('\n')).to.match(
        /do not reach otelcol\.exporter\.otlphttp\.mimir/,
      );
    });
  });

  describe('tenancy (P3)', () => {
    it('keeps X-Scope-OrgID from the request to every backend', () => {
      expect(tenancyProblems(config)).to.deep.equal([]);
    });

    it('fails without include_metadata, batch metadata_keys or from_context', () => {
      expect(
        tenancyProblems(
          broken('alloy/config.alloy', 'include_metadata = true', 'include_metadata = false'),
        ).join('\n'),
      ).to.match(/include_metadata/);
      expect(
        tenancyProblems(
          broken('alloy/config.alloy', 'metadata_keys = ["X-Scope-OrgID"]', 'metadata_keys = []'),
        ).join('\n'),
      ).to.match(/per_tenant: metadata_keys/);
      expect(
        tenancyProblems(
          broken('alloy/config.alloy', 'from_context = "X-Scope-OrgID"', 'value = "default"'),
        ).join('\n'),
      ).to.match(/from_context/);
    });
  });

  describe('metrics (P2)', () => {
    it(`derives all ${contract.metrics.size} contract metrics with the contract's source, unit, buckets and labels`, () => {
      expect(contract.metrics.size).to.equal(18);
      expect(metricProblems(config, contract)).to.deep.equal([]);
    });

    it('fails on a wrong bucket, an extra or missing label, a missing metric, a wrong source', () => {
      const bucket = broken(
        'alloy/contract.alloy',
        'buckets = [0.1, 0.25, 0.5, 0.75, 1,',
        'buckets = [0.1, 0.2, 0.5, 0.75, 1,',
      );
      expect(metricProblems(bucket, contract).join('\n')).to.match(
        /openqoe_video_startup_seconds: buckets/,
      );
      const label = broken(
        'alloy/contract.alloy',
        'key      = "video.view.end_reason"',
        'key      = "video.view.id"',
      );
      const labelProblems = metricProblems(label, contract).join('\n');
      expect(labelProblems).to.match(/labels missing: video\.view\.end_reason/);
      expect(labelProblems).to.match(/video\.view\.id is not a label-class attribute/);
      const missing = broken(
        'alloy/contract.alloy',
        'name        = "openqoe_seek_latency_seconds"',
        'name        = "openqoe_seek_latency_ms"',
      );
      const missingProblems = metricProblems(missing, contract).join('\n');
      expect(missingProblems).to.match(/openqoe_seek_latency_seconds: derived 0 times/);
      expect(missingProblems).to.match(/openqoe_seek_latency_ms is not in the contract/);
      const source = broken(
        'alloy/contract.alloy',
        '`span.name == "video.rebuffer"`]',
        '`span.name == "video.seek"`]',
      );
      expect(metricProblems(source, contract).join('\n')).to.match(
        /openqoe_rebuffer_events_total: conditions do not select span\.name == "video\.rebuffer"/,
      );
    });

    it('fails when a resource attribute other than the tenant would split series', () => {
      const copy = broken(
        'alloy/contract.alloy',
        'key = "openqoe.tenant.id"',
        'key = "session.id"',
      );
      expect(metricProblems(copy, contract).join('\n')).to.match(
        /resource attribute session\.id would split series/,
      );
    });
  });

  describe('exemplars (P2) with the tenant kept (P3)', () => {
    it('gives every span-duration histogram a spanmetrics slot per listed tenant, counting each span once', () => {
      expect(exemplarProblems(config, contract)).to.deep.equal([]);
      const slots = tenantSlots(config);
      expect(slots).to.deep.equal({ ref: 'exemplar_tenants.configured.slots', size: 4 });
      // What Alloy makes of OPENQOE_TENANTS (the semantics the checks evaluate the routing with).
      expect(slotValues(undefined, 4).slice(0, 4)).to.deep.equal(['default', '', '', '']);
      expect(slotValues(' tenant-a, tenant-b', 4).slice(0, 4)).to.deep.equal([
        'tenant-a',
        'tenant-b',
        '',
        '',
      ]);
    });

    it('fails when a slot writes no exemplars, or with other buckets, labels or temporality', () => {
      const problems = (from: string | RegExp, to: string): string =>
        exemplarProblems(broken('alloy/contract.alloy', from, to), contract).join('\n');
      expect(problems('enabled = true', 'enabled = false')).to.match(
        /spanmetrics\.exemplars_0_video_startup_seconds \(openqoe_video_startup_seconds\): exemplars must be enabled/,
      );
      expect(problems('"7500ms"', '"7000ms"')).to.match(
        /exemplars_0_video_startup_seconds \(openqoe_video_startup_seconds\): buckets/,
      );
      const labels = problems('name = "video.stream.type"', 'name = "video.content.id"');
      expect(labels).to.match(/labels missing: video\.stream\.type/);
      expect(labels).to.match(/labels not in the contract: video\.content\.id/);
      expect(
        problems(
          'aggregation_temporality         = "CUMULATIVE"',
          'aggregation_temporality = "DELTA"',
        ),
      ).to.match(/must be CUMULATIVE/);
      expect(problems(/`set\(metric\.name, "openqoe_seek_latency_seconds"\)[^`]*`,/, '')).to.match(
        /openqoe_seek_latency_seconds\): no transform on its way renames it/,
      );
      expect(problems('`keep_keys(resource.attributes, [])`,', '')).to.match(
        /the resource must be reduced to openqoe\.tenant\.id/,
      );
    });

    it("fails when a slot's export does not carry its own tenant, or is not queued on disk", () => {
      const problems = (from: string | RegExp, to: string): string =>
        exemplarProblems(broken('alloy/contract.alloy', from, to), contract).join('\n');
      expect(
        problems(
          'value = exemplar_tenants.configured.slots[0]\n',
          'value = exemplar_tenants.configured.slots[1]\n',
        ),
      ).to.match(
        /otlphttp\.exemplars_0 must send X-Scope-OrgID = exemplar_tenants\.configured\.slots\[0\]/,
      );
      // Into the request-context exporter: the timer-driven export has no tenant there.
      expect(
        problems(
          'metrics = [otelcol.exporter.otlphttp.exemplars_0.input]',
          'metrics = [otelcol.exporter.otlphttp.mimir.input]',
        ),
      ).to.match(
        /otlphttp\.mimir must send X-Scope-OrgID = exemplar_tenants\.configured\.slots\[0\]/,
      );
      expect(problems('storage    = otelcol.storage.file.queues.handler', '')).to.match(
        /otlphttp\.exemplars_0: sending_queue\.storage/,
      );
      expect(
        problems('coalesce(sys.env("OPENQOE_TENANTS"), "default")', 'sys.env("OPENQOE_TENANTS")'),
      ).to.match(/slots must be/);
      expect(problems('error_mode = "propagate"', 'error_mode = "ignore"')).to.match(
        /filter\.exemplars_0_video_startup_seconds: error_mode must be propagate/,
      );
    });

    it('fails when a span would be counted twice or not at all', () => {
      const problems = (from: string | RegExp, to: string): string =>
        exemplarProblems(broken('alloy/contract.alloy', from, to), contract).join('\n');
      // signaltometrics forgets the fourth slot: its tenant is counted twice.
      expect(
        problems(' and (%[4]q == "" or resource.attributes["openqoe.tenant.id"] != %[4]q)', ''),
      ).to.match(
        /openqoe_video_startup_seconds with OPENQOE_TENANTS=t1,t2,t3,t4,t5,t6, span video\.startup of tenant t4: taken by signaltometrics \+ slot 3 \(t4\)/,
      );
      // Slot 1 forgets that slot 0 already has its tenant (a duplicate in the list).
      expect(problems(' and %[1]q != %[2]q', '')).to.match(
        /span video\.startup of tenant tenant-a: taken by slot 0 \(tenant-a\) \+ slot 1 \(tenant-a\)/,
      );
      // A slot takes spans spanmetrics cannot key (no service.name), which signaltometrics keeps.
      expect(problems(' and resource.attributes["service.name"] != nil', '')).to.match(
        /without service\.name: taken by signaltometrics \+ slot 0/,
      );
      // signaltometrics takes every span: the listed tenants lose their exemplars.
      expect(
        problems(
          /conditions {2}= \[string\.format\(`span\.name == "video\.seek"[^\n]*/,
          'conditions  = [`span.name == "video.seek"`]',
        ),
      ).to.match(
        /openqoe_seek_latency_seconds: signaltometrics conditions must be one string\.format/,
      );
    });

    it('fails on a reference to a missing tenant list', () => {
      const copy = broken(
        'alloy/contract.alloy',
        'value = exemplar_tenants.configured.slots[0]\n',
        'value = exemplar_tenants.configure.slots[0]\n',
      );
      expect(referenceProblems(copy).join('\n')).to.match(
        /exemplar_tenants\.configure\.slots names no component/,
      );
    });
  });

  describe('scrubbing and names', () => {
    it('deletes every never-sent attribute first, wherever it may sit', () => {
      expect(scrubProblems(config, contract)).to.deep.equal([]);
    });

    it('fails when one place is not scrubbed, or the scrub is bypassed', () => {
      const copy = broken('alloy/contract.alloy', '`delete_key(log.attributes, "user.id")`,', '');
      expect(scrubProblems(copy, contract).join('\n')).to.match(
        /user\.id \(never sent\) is not scrubbed: missing log_statements/,
      );
      const bypass = broken(
        'alloy/config.alloy',
        'traces  = [otelcol.processor.transform.scrub.input]',
        'traces  = [otelcol.processor.transform.normalise.input]',
      );
      expect(scrubProblems(bypass, contract).join('\n')).to.match(
        /receiver traces must go to otelcol\.processor\.transform\.scrub first/,
      );
    });

    it('reads and writes only contract attributes', () => {
      expect(attributeNameProblems(config, contract)).to.deep.equal([]);
    });

    it('fails on an attribute name that is not in the contract', () => {
      const copy = broken(
        'alloy/config.alloy',
        'set(log.attributes["openqoe.event.name"], log.event_name)',
        'set(log.attributes["event_name"], log.event_name)',
      );
      expect(attributeNameProblems(copy, contract).join('\n')).to.match(
        /attribute event_name is not in the contract/,
      );
      // spanmetrics dimensions and keep_keys lists are read too.
      const dimension = broken(
        'alloy/contract.alloy',
        'name = "video.player.name"',
        'name = "video.player"',
      );
      expect(attributeNameProblems(dimension, contract).join('\n')).to.match(
        /attribute video\.player is not in the contract/,
      );
      const kept = broken(
        'alloy/contract.alloy',
        'keep_keys(datapoint.attributes, ["video.player.name",',
        'keep_keys(datapoint.attributes, ["player",',
      );
      expect(attributeNameProblems(kept, contract).join('\n')).to.match(
        /attribute player is not in the contract/,
      );
    });
  });

  describe('environment', () => {
    const env = envDefaults(config);

    it('reads only OPENQOE_* variables, and every endpoint has a compose default', () => {
      expect([...env.keys()].filter((name) => !name.startsWith('OPENQOE_'))).to.deep.equal([]);
      for (const name of [
        'OPENQOE_TEMPO_TRACES_URL',
        'OPENQOE_LOKI_LOGS_URL',
        'OPENQOE_MIMIR_METRICS_URL',
        'OPENQOE_MIMIR_REMOTE_WRITE_URL',
      ]) {
        expect(env.get(name), name).to.match(/^http:\/\//);
      }
    });
  });
});
