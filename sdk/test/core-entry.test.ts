// The two entries of the SDK: @openqoe/sdk/core records through the page's OpenTelemetry providers
// and refuses to start without them; @openqoe/sdk still builds its own providers and transport.
import { expect } from 'chai';
import { build } from 'esbuild';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  LoggerProvider,
  InMemoryLogRecordExporter,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { SDK_ROOT } from '../scripts/bundle.js';
import type { PlayerAdapter } from '../src/adapters/adapter.js';
import { OpenQoEConfigError } from '../src/config.js';
import { OpenQoE as CoreOpenQoE } from '../src/core.js';
import { EVENT_VIDEO_VIEW_START, SPAN_VIDEO_VIEW } from '../src/generated/contract.js';
import { OpenQoE } from '../src/index.js';
import { INSTRUMENTATION_NAME } from '../src/otel/otel-sink.js';
import type { AdapterContext } from '../src/adapters/adapter.js';
import { NULL_PROBE } from '../src/view/probe.js';

/** An adapter whose player the test drives by hand. */
class ScriptedAdapter implements PlayerAdapter {
  readonly playerName = 'html5' as const;
  context: AdapterContext | undefined;
  detached = false;

  attach(context: AdapterContext) {
    this.context = context;
    return NULL_PROBE;
  }

  detach(): void {
    this.detached = true;
  }

  /** The player becomes ready and the viewer presses play: a view starts. */
  play(): void {
    const ctx = this.context!;
    ctx.emit({ kind: 'ready', at: ctx.clock.now() });
    ctx.emit({ kind: 'play_requested', at: ctx.clock.now(), autoplay: false });
  }
}

/** The page's own OpenTelemetry, exporting to memory. */
function pageProviders() {
  const spans = new InMemorySpanExporter();
  const logs = new InMemoryLogRecordExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
  });
  const loggerProvider = new LoggerProvider({
    processors: [new SimpleLogRecordProcessor({ exporter: logs })],
  });
  return {
    spans,
    logs,
    tracerProvider,
    loggerProvider,
    /** The simple processors export asynchronously. */
    async flush() {
      await Promise.all([tracerProvider.forceFlush(), loggerProvider.forceFlush()]);
    },
  };
}

/** Polls `done` until it holds (10 s at most): network round trips finish in their own time. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function expectConfigError(create: () => unknown, field: string, message: RegExp): void {
  try {
    create();
    expect.fail('expected a config error');
  } catch (error) {
    expect(error).to.be.instanceOf(OpenQoEConfigError);
    expect((error as OpenQoEConfigError).field).to.equal(field);
    expect((error as Error).message).to.match(message);
  }
}

describe('@openqoe/sdk/core', () => {
  it('records views through the providers the page brings', async () => {
    const page = pageProviders();
    const qoe = new CoreOpenQoE({
      tracerProvider: page.tracerProvider,
      loggerProvider: page.loggerProvider,
    });
    const adapter = new ScriptedAdapter();
    const handle = qoe.attachPlayer(adapter, { contentId: 'clip-1' });
    adapter.play();
    const viewId = handle.viewId;
    expect(viewId).to.match(/^[0-9a-f]{32}$/);
    qoe.destroy(); // ends the view: its root span goes to the page's exporter
    expect(adapter.detached).to.equal(true);
    await page.flush();

    const view = page.spans.getFinishedSpans().find((s) => s.name === SPAN_VIDEO_VIEW);
    expect(view, 'video.view span').to.not.equal(undefined);
    expect(view!.spanContext().traceId).to.equal(viewId);
    expect(view!.instrumentationScope.name).to.equal(INSTRUMENTATION_NAME);
    expect(view!.attributes['video.content.id']).to.equal('clip-1');
    const start = page.logs
      .getFinishedLogRecords()
      .find((r) => r.eventName === EVENT_VIDEO_VIEW_START);
    expect(start, 'video.view_start event').to.not.equal(undefined);
    expect(start!.spanContext?.traceId).to.equal(viewId);
    // Nothing of the SDK's own transport exists: nothing was sent, nothing counted.
    expect(qoe.diagnostics).to.deep.equal({
      delivered: 0,
      retried: 0,
      rejected: 0,
      persisted: 0,
      replayed: 0,
      pendingBatches: 0,
      dropped: {},
      internalErrors: 0,
    });
    await Promise.all([page.tracerProvider.shutdown(), page.loggerProvider.shutdown()]);
  });

  it('records nothing before consent is granted, then views that start after it (S11)', async () => {
    const page = pageProviders();
    const qoe = new CoreOpenQoE({
      tracerProvider: page.tracerProvider,
      loggerProvider: page.loggerProvider,
      requireConsent: true,
    });
    const before = new ScriptedAdapter();
    const beforeHandle = qoe.attachPlayer(before, { contentId: 'before-consent' });
    before.play();
    beforeHandle.detach();
    await page.flush();
    expect(page.spans.getFinishedSpans(), 'spans before consent').to.deep.equal([]);
    expect(page.logs.getFinishedLogRecords(), 'records before consent').to.deep.equal([]);

    qoe.setConsent(true);
    const after = new ScriptedAdapter();
    const afterHandle = qoe.attachPlayer(after, { contentId: 'after-consent' });
    after.play();
    afterHandle.detach();
    await page.flush();
    const views = page.spans.getFinishedSpans().filter((s) => s.name === SPAN_VIDEO_VIEW);
    expect(views.map((s) => s.attributes['video.content.id'])).to.deep.equal(['after-consent']);
    qoe.destroy();
    await Promise.all([page.tracerProvider.shutdown(), page.loggerProvider.shutdown()]);
  });

  for (const stop of ['optOut', 'refused consent'] as const) {
    it(`ends nothing more of a view in progress after ${stop} (S9, S11)`, async () => {
      const page = pageProviders();
      const qoe = new CoreOpenQoE({
        tracerProvider: page.tracerProvider,
        loggerProvider: page.loggerProvider,
      });
      const adapter = new ScriptedAdapter();
      const handle = qoe.attachPlayer(adapter, { contentId: 'clip-2' });
      adapter.play();
      await page.flush();
      const recordsBefore = page.logs.getFinishedLogRecords().length;
      expect(recordsBefore, 'the view started and was recorded').to.be.greaterThan(0);
      if (stop === 'optOut') qoe.optOut();
      else qoe.setConsent(false);
      adapter.context!.emit({ kind: 'pause', at: adapter.context!.clock.now(), position: 1 });
      handle.detach(); // would end the startup span and the root span
      await page.flush();
      expect(page.spans.getFinishedSpans(), 'no span ended after the stop').to.deep.equal([]);
      expect(page.logs.getFinishedLogRecords().length, 'no record after the stop').to.equal(
        recordsBefore,
      );
      qoe.optIn();
      qoe.destroy();
      await Promise.all([page.tracerProvider.shutdown(), page.loggerProvider.shutdown()]);
    });
  }

  it('without providers, throws naming tracerProvider', () => {
    expectConfigError(
      () => new CoreOpenQoE({} as never),
      'tracerProvider',
      /are required by @openqoe\/sdk\/core/,
    );
  });

  it('with an endpoint instead of providers, still names the missing provider', () => {
    expectConfigError(
      () => new CoreOpenQoE({ endpoint: '/qoe' } as never),
      'tracerProvider',
      /config\.tracerProvider and loggerProvider are required/,
    );
  });

  it('with one provider only, names the other', () => {
    const page = pageProviders();
    expectConfigError(
      () => new CoreOpenQoE({ tracerProvider: page.tracerProvider } as never),
      'loggerProvider',
      /together/,
    );
  });

  it('rejects the options of the transport it does not have', () => {
    const page = pageProviders();
    expectConfigError(
      () =>
        new CoreOpenQoE({
          tracerProvider: page.tracerProvider,
          loggerProvider: page.loggerProvider,
          maxBatchItems: 10,
        } as never),
      'maxBatchItems',
      /is not a known option/,
    );
  });

  it('bundles neither the transport nor the OpenTelemetry SDK', async function () {
    this.timeout(30_000);
    const result = await build({
      stdin: {
        contents: `export { OpenQoE } from './src/core.ts';`,
        resolveDir: SDK_ROOT,
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      write: false,
      metafile: true,
      platform: 'browser',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    // The check must look at a real bundle of the core.
    expect(inputs.some((i) => i.endsWith('src/view/view-tracker.ts'))).to.equal(true);
    expect(
      inputs.filter((i) =>
        /src\/transport\/|default-pipeline|otel\/providers|batching-processor|viewer-hash/.test(i),
      ),
    ).to.deep.equal([]);
    expect(
      inputs.filter((i) => /@opentelemetry\/(sdk-|resources|otlp-|core)/.test(i)),
    ).to.deep.equal([]);
  });
});

describe('@openqoe/sdk (main entry)', () => {
  let server: Server;
  let endpoint: string;
  let requests: { url: string; body: string }[];

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push({ url: req.url ?? '', body });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/qoe`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    requests = [];
  });

  /** Resolves once a request to `path` has reached the endpoint. */
  async function requestTo(path: string): Promise<{ url: string; body: string }> {
    await until(() => requests.some((r) => r.url === path), `a request to ${path}`);
    return requests.find((r) => r.url === path)!;
  }

  it('builds its own providers and transport from an endpoint', async () => {
    const qoe = new OpenQoE({ endpoint, serviceName: 'shop' });
    try {
      // The transport's start-up pass ends a microtask after construction; a batch enqueued before
      // then waits for the next enqueue (see the report on this task), so the view starts later.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const adapter = new ScriptedAdapter();
      qoe.attachPlayer(adapter);
      adapter.play();
      qoe.flush();
      const logs = await requestTo('/qoe/v1/logs');
      const body = JSON.parse(logs.body) as {
        resourceLogs: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeLogs: { scope: { name: string }; logRecords: { eventName?: string }[] }[];
        }[];
      };
      const [resourceLogs] = body.resourceLogs;
      const resource = Object.fromEntries(
        resourceLogs!.resource.attributes.map((a) => [a.key, a.value.stringValue]),
      );
      // The resource is the SDK's own: the config's service name, the session.
      expect(resource['service.name']).to.equal('shop');
      expect(resource['session.id']).to.match(/^[0-9a-f]{32}$/);
      const records = resourceLogs!.scopeLogs.flatMap((s) => s.logRecords);
      expect(records.map((r) => r.eventName)).to.include(EVENT_VIDEO_VIEW_START);
      expect(resourceLogs!.scopeLogs[0]!.scope.name).to.equal(INSTRUMENTATION_NAME);
      await until(() => qoe.diagnostics.delivered >= 1, 'the delivery counted');
    } finally {
      qoe.destroy();
    }
    // Destroying sends what is left: the view's spans, now ended.
    const traces = await requestTo('/qoe/v1/traces');
    expect(traces.body).to.include(`"name":"${SPAN_VIDEO_VIEW}"`);
  });

  it('still records through providers the page passes, sending nothing itself', async () => {
    const page = pageProviders();
    const qoe = new OpenQoE({
      endpoint,
      tracerProvider: page.tracerProvider,
      loggerProvider: page.loggerProvider,
    });
    const adapter = new ScriptedAdapter();
    const handle = qoe.attachPlayer(adapter);
    adapter.play();
    const viewId = handle.viewId!;
    qoe.flush();
    qoe.destroy();
    await page.flush();
    const view = page.spans.getFinishedSpans().find((s) => s.name === SPAN_VIDEO_VIEW);
    expect(view?.spanContext().traceId).to.equal(viewId);
    // The endpoint is ignored when providers are given: nothing of this view reaches it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requests.filter((r) => r.body.includes(viewId))).to.deep.equal([]);
    expect(qoe.diagnostics.delivered).to.equal(0);
  });

  it('without an endpoint or providers, throws naming endpoint', () => {
    expectConfigError(() => new OpenQoE({}), 'endpoint', /is required/);
  });

  it('checks the transport options even when the page brings providers', () => {
    const page = pageProviders();
    expectConfigError(
      () =>
        new OpenQoE({
          tracerProvider: page.tracerProvider,
          loggerProvider: page.loggerProvider,
          maxBatchItems: 2.5,
        }),
      'maxBatchItems',
      /an integer/,
    );
  });
});
