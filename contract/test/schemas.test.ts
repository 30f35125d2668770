// The generated receiver schemas, exercised with what the real OpenTelemetry JS SDK serialises.
import { expect } from 'chai';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Attributes } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { JsonLogsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { loadContract } from '../src/load.js';
import { generateSchemas } from '../src/gen/json-schema.js';

type Json = Record<string, unknown>;

const contract = loadContract();
const schemas = generateSchemas(contract);
const ajv = new Ajv({ discriminator: true, allowUnionTypes: true, allErrors: false });
const validateTraces = ajv.compile(schemas['otlp-traces.schema.json']!);
const validateLogs = ajv.compile(schemas['otlp-logs.schema.json']!);
const validateLegacy = ajv.compile(schemas['legacy-events.schema.json']!);

const resource = defaultResource().merge(
  resourceFromAttributes({
    'service.name': 'schema-test',
    'telemetry.distro.name': 'openqoe',
    'telemetry.distro.version': '0.1.0',
    'session.id': 's-1',
  }),
);

const VIEW_ATTRIBUTES: Attributes = {
  'video.view.end_reason': 'ended',
  'video.player.name': 'hlsjs',
  'video.stream.type': 'vod',
  'video.watch_time': 12, // a whole-number double: serialised as intValue
  'video.rebuffer.ratio': 0.125,
  'video.rebuffer.count': 1,
  'video.view.exit_before_start': false,
};

function serialisedSpan(name: string, attributes: Attributes): Json {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  provider.getTracer('openqoe', '0.1.0').startSpan(name, { attributes }).end();
  const bytes = JsonTraceSerializer.serializeRequest(exporter.getFinishedSpans());
  return JSON.parse(new TextDecoder().decode(bytes)) as Json;
}

async function serialisedEvent(eventName: string, attributes: Attributes): Promise<Json> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  provider.getLogger('openqoe', '0.1.0').emit({ eventName, attributes });
  await provider.forceFlush();
  const bytes = JsonLogsSerializer.serializeRequest(exporter.getFinishedLogRecords());
  return JSON.parse(new TextDecoder().decode(bytes)) as Json;
}

function errorsOf(validate: ValidateFunction, body: unknown): string {
  expect(validate(body), 'expected the body to be rejected').to.equal(false);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ');
}

describe('generated receiver schemas', () => {
  describe('accept what the OpenTelemetry JS SDK sends', () => {
    it('a video.view span with its totals', () => {
      const body = serialisedSpan('video.view', VIEW_ATTRIBUTES);
      expect(validateTraces(body), JSON.stringify(validateTraces.errors)).to.equal(true);
    });

    it('every event of the contract, with its required attributes', async () => {
      const sample: Attributes = {
        'error.type': 'network',
        'video.error.severity': 'fatal',
        'video.quartile.percent': 50,
        'video.quality.direction': 'up',
        'openqoe.drop.reason': 'queue_full',
        'openqoe.drop.count': 3,
      };
      for (const event of contract.events.values()) {
        const attributes = Object.fromEntries(event.required.map((name) => [name, sample[name]]));
        const body = await serialisedEvent(event.name, attributes);
        expect(
          validateLogs(body),
          `${event.name}: ${JSON.stringify(validateLogs.errors)}`,
        ).to.equal(true);
      }
    });
  });

  describe('reject what is not in the contract, naming the field', () => {
    it('an unknown span name', () => {
      const errors = errorsOf(validateTraces, serialisedSpan('video.scrub', VIEW_ATTRIBUTES));
      expect(errors).to.include('/resourceSpans/0/scopeSpans/0/spans/0/name');
    });

    it('an attribute the contract does not define', () => {
      const body = serialisedSpan('video.view', { ...VIEW_ATTRIBUTES, 'video.mood': 'happy' });
      expect(errorsOf(validateTraces, body)).to.include('/spans/0/attributes/');
    });

    it('an attribute of the wrong type', () => {
      const body = serialisedSpan('video.view', {
        ...VIEW_ATTRIBUTES,
        'video.rebuffer.count': 'two',
      });
      expect(errorsOf(validateTraces, body)).to.match(/attributes\/\d+\/value/);
    });

    it('a value outside its enum', () => {
      const body = serialisedSpan('video.view', { ...VIEW_ATTRIBUTES, 'video.stream.type': 'vr' });
      expect(errorsOf(validateTraces, body)).to.match(/attributes\/\d+\/value/);
    });

    it('a string longer than its limit', () => {
      const body = serialisedSpan('video.view', {
        ...VIEW_ATTRIBUTES,
        'video.content.title': 'x'.repeat(257),
      });
      expect(errorsOf(validateTraces, body)).to.match(/must NOT have more than 256 characters/);
    });

    it('a root span without its required end reason', () => {
      const { 'video.view.end_reason': _dropped, ...rest } = VIEW_ATTRIBUTES;
      expect(errorsOf(validateTraces, serialisedSpan('video.view', rest))).to.include(
        '/spans/0/attributes',
      );
    });

    it('an attribute that must never be sent', () => {
      const body = serialisedSpan('video.view', {
        ...VIEW_ATTRIBUTES,
        'user.id': 'alice@example.com',
      });
      expect(errorsOf(validateTraces, body)).to.include('/spans/0/attributes/');
    });

    it('a malformed trace id', () => {
      const body = serialisedSpan('video.view', VIEW_ATTRIBUTES);
      const span = (
        ((body.resourceSpans as Json[])[0]!.scopeSpans as Json[])[0]!.spans as Json[]
      )[0]!;
      span.traceId = 'not-hex';
      expect(errorsOf(validateTraces, body)).to.include('/spans/0/traceId');
    });

    it('an unknown event name', async () => {
      const errors = errorsOf(validateLogs, await serialisedEvent('video.buffering', {}));
      expect(errors).to.include('/logRecords/0/eventName');
    });

    it('an event without its required attributes', async () => {
      const errors = errorsOf(validateLogs, await serialisedEvent('video.quartile', {}));
      expect(errors).to.include('/logRecords/0/attributes');
    });

    it('a resource without service.name', () => {
      const body = serialisedSpan('video.view', VIEW_ATTRIBUTES);
      const resourceAttributes = ((body.resourceSpans as Json[])[0]!.resource as Json)
        .attributes as Json[];
      resourceAttributes.splice(
        resourceAttributes.findIndex((a) => a.key === 'service.name'),
        1,
      );
      expect(errorsOf(validateTraces, body)).to.include('/resourceSpans/0/resource/attributes');
    });
  });

  describe('the original /v2/events format', () => {
    const event = {
      event_type: 'stall_start',
      event_time: 1_795_000_000_000,
      viewer_time: 5_120,
      org_id: 'acme',
      player_id: 'p-1',
      view_id: 'v-1',
      session_id: 's-1',
      viewer_id: 'viewer-42',
      data: { playhead: 12.5, bitrate: 900_000 },
    };

    it('accepts a batch of original events', () => {
      expect(validateLegacy({ events: [event] }), JSON.stringify(validateLegacy.errors)).to.equal(
        true,
      );
    });

    it('rejects an event type the original format did not have', () => {
      const errors = errorsOf(validateLegacy, { events: [{ ...event, event_type: 'buffering' }] });
      expect(errors).to.include('/events/0/event_type');
    });

    it('rejects nested objects in data', () => {
      const errors = errorsOf(validateLegacy, {
        events: [{ ...event, data: { nested: { a: 1 } } }],
      });
      expect(errors).to.include('/events/0/data/nested');
    });
  });
});
