import { expect } from 'chai';
import {
  OtlpDecodeError,
  attributesToRecord,
  countOtlpItems,
  decodeAnyValue,
  flattenDataPoints,
  flattenLogRecords,
  flattenSpans,
  parseUnixNanos,
} from '../src/otlp-capture/otlp-json.js';
import type {
  ExportLogsServiceRequest,
  ExportMetricsServiceRequest,
  ExportTraceServiceRequest,
  OtlpAnyValue,
  OtlpKeyValue,
} from '../src/otlp-capture/otlp-json.js';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const ROOT_ID = 'eee19b7ec3c1b174';
const CHILD_ID = 'eee19b7ec3c1b173';

const str = (key: string, value: string): OtlpKeyValue => ({ key, value: { stringValue: value } });

/** Calls fn, expects an OtlpDecodeError, and returns it for further checks. */
function decodeErrorOf(fn: () => unknown): OtlpDecodeError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(OtlpDecodeError);
    return error as OtlpDecodeError;
  }
  throw new Error('expected an OtlpDecodeError');
}

describe('OTLP JSON: decodeAnyValue', () => {
  it('decodes every scalar kind', () => {
    expect(decodeAnyValue({ stringValue: 'hls' })).to.equal('hls');
    expect(decodeAnyValue({ stringValue: '' })).to.equal('');
    expect(decodeAnyValue({ boolValue: false })).to.equal(false);
    expect(decodeAnyValue({ intValue: 42 })).to.equal(42);
    expect(decodeAnyValue({ doubleValue: 0.25 })).to.equal(0.25);
  });

  it('reads intValue written as a decimal string, as a bigint beyond 2^53', () => {
    expect(decodeAnyValue({ intValue: '42' })).to.equal(42);
    expect(decodeAnyValue({ intValue: '-7' })).to.equal(-7);
    expect(decodeAnyValue({ intValue: '9007199254740993' })).to.equal(9007199254740993n);
  });

  it('reads doubleValue written as a string, including NaN and infinities', () => {
    expect(decodeAnyValue({ doubleValue: '1.5e3' })).to.equal(1500);
    expect(decodeAnyValue({ doubleValue: 'NaN' })).to.be.NaN;
    expect(decodeAnyValue({ doubleValue: '-Infinity' })).to.equal(Number.NEGATIVE_INFINITY);
  });

  it('reads bytesValue as base64 in both alphabets', () => {
    expect(decodeAnyValue({ bytesValue: 'AQL/' })).to.deep.equal(new Uint8Array([1, 2, 255]));
    expect(decodeAnyValue({ bytesValue: 'AQL_' })).to.deep.equal(new Uint8Array([1, 2, 255]));
    expect(decodeAnyValue({ bytesValue: '' })).to.deep.equal(new Uint8Array([]));
  });

  it('reads an empty AnyValue, an absent one and null fields as null', () => {
    expect(decodeAnyValue({})).to.equal(null);
    expect(decodeAnyValue(undefined)).to.equal(null);
    expect(decodeAnyValue({ stringValue: null } as unknown as OtlpAnyValue)).to.equal(null);
    expect(
      decodeAnyValue({ stringValue: null, intValue: '3' } as unknown as OtlpAnyValue),
    ).to.equal(3);
  });

  it('decodes nested arrays and kvlists', () => {
    const value: OtlpAnyValue = {
      kvlistValue: {
        values: [
          str('codec', 'avc1'),
          {
            key: 'renditions',
            value: {
              arrayValue: {
                values: [
                  {
                    kvlistValue: {
                      values: [
                        { key: 'bitrate', value: { intValue: '800000' } },
                        { key: 'hdr', value: { boolValue: false } },
                      ],
                    },
                  },
                  { arrayValue: { values: [{ doubleValue: 1 }, {}] } },
                ],
              },
            },
          },
          { key: 'empty_list', value: { arrayValue: {} } },
          { key: 'empty_map', value: { kvlistValue: {} } },
        ],
      },
    };
    expect(decodeAnyValue(value)).to.deep.equal({
      codec: 'avc1',
      renditions: [{ bitrate: 800000, hdr: false }, [1, null]],
      empty_list: [],
      empty_map: {},
    });
  });

  it('rejects a oneof with two fields set, naming both', () => {
    const error = decodeErrorOf(() => decodeAnyValue({ stringValue: 'a', intValue: 1 }, 'v'));
    expect(error.path).to.equal('v');
    expect(error.message).to.include('stringValue').and.include('intValue');
  });

  it('rejects unknown fields and wrongly typed values, naming the path', () => {
    expect(decodeErrorOf(() => decodeAnyValue({ int: 1 } as OtlpAnyValue)).path).to.equal(
      'value.int',
    );
    const wrongType = { stringValue: 5 } as unknown as OtlpAnyValue;
    expect(decodeErrorOf(() => decodeAnyValue(wrongType)).message).to.include('expected a string');
    expect(decodeErrorOf(() => decodeAnyValue({ intValue: 1.5 })).path).to.equal('value.intValue');
    expect(decodeErrorOf(() => decodeAnyValue({ intValue: '1.5' })).path).to.equal(
      'value.intValue',
    );
    expect(decodeErrorOf(() => decodeAnyValue({ doubleValue: 'fast' })).path).to.equal(
      'value.doubleValue',
    );
    expect(decodeErrorOf(() => decodeAnyValue({ bytesValue: 'not base64!' })).path).to.equal(
      'value.bytesValue',
    );
    expect(decodeErrorOf(() => decodeAnyValue('x' as unknown as OtlpAnyValue)).message).to.include(
      'expected an object',
    );
  });

  it('names the full path of a bad value deep inside a kvlist', () => {
    const nested: OtlpKeyValue[] = [
      str('a', 'ok'),
      {
        key: 'b',
        value: {
          kvlistValue: {
            values: [{ key: 'c', value: { arrayValue: { values: [{ intValue: 'x' }] } } }],
          },
        },
      },
    ];
    expect(decodeErrorOf(() => attributesToRecord(nested)).path).to.equal(
      'attributes[1].value.kvlistValue.values[0].value.arrayValue.values[0].intValue',
    );
  });
});

describe('OTLP JSON: attributesToRecord', () => {
  it('maps keys to decoded values; a KeyValue without value is null', () => {
    expect(
      attributesToRecord([
        str('player.name', 'hls.js'),
        { key: 'x' },
        { key: 'n', value: { intValue: 3 } },
      ]),
    ).to.deep.equal({ 'player.name': 'hls.js', x: null, n: 3 });
    expect(attributesToRecord(undefined)).to.deep.equal({});
    expect(attributesToRecord([])).to.deep.equal({});
  });

  it('rejects a duplicate key instead of letting one value win', () => {
    const error = decodeErrorOf(() => attributesToRecord([str('k', 'a'), str('k', 'b')]));
    expect(error.path).to.equal('attributes[1]');
    expect(error.message).to.include('duplicate attribute key "k"');
  });

  it('rejects a missing or non-string key and a non-array list', () => {
    const noKey = [{ value: { stringValue: 'a' } }] as unknown as OtlpKeyValue[];
    expect(decodeErrorOf(() => attributesToRecord(noKey)).path).to.equal('attributes[0].key');
    const notArray = { k: 'v' } as unknown as OtlpKeyValue[];
    expect(decodeErrorOf(() => attributesToRecord(notArray)).message).to.include(
      'expected an array',
    );
  });

  it('keeps "__proto__" as an ordinary key without touching the prototype', () => {
    const record = attributesToRecord([str('__proto__', 'x')]);
    expect(Object.getPrototypeOf(record)).to.equal(Object.prototype);
    expect(Object.keys(record)).to.deep.equal(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(record, '__proto__')?.value).to.equal('x');
  });
});

describe('OTLP JSON: parseUnixNanos', () => {
  it('keeps nanosecond precision from decimal strings', () => {
    expect(parseUnixNanos('1700000000123456789')).to.equal(1700000000123456789n);
    expect(parseUnixNanos(1700000000)).to.equal(1700000000n);
    expect(parseUnixNanos(undefined)).to.equal(0n);
  });

  it('rejects negative, fractional and non-numeric values, naming the field', () => {
    for (const bad of ['-1', '1.5', 'soon', -1, 0.5]) {
      expect(decodeErrorOf(() => parseUnixNanos(bad, 'span.startTimeUnixNano')).path).to.equal(
        'span.startTimeUnixNano',
      );
    }
  });
});

describe('OTLP JSON: flattenSpans', () => {
  const request: ExportTraceServiceRequest = {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'player-web'), str('deployment', 'test')] },
        scopeSpans: [
          {
            scope: { name: '@openqoe/sdk', version: '0.1.0' },
            spans: [
              {
                traceId: TRACE_ID,
                spanId: ROOT_ID,
                name: 'video.view',
                kind: 1,
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000012500000001',
                attributes: [str('video.view.end_reason', 'ended')],
                events: [
                  {
                    name: 'video.quartile',
                    timeUnixNano: '1700000003000000000',
                    attributes: [{ key: 'video.quartile', value: { intValue: '25' } }],
                  },
                ],
                status: { code: 2, message: 'fatal' },
              },
              {
                traceId: TRACE_ID,
                spanId: CHILD_ID,
                parentSpanId: ROOT_ID,
                name: 'video.rebuffer',
                startTimeUnixNano: 1700000005000000000,
                endTimeUnixNano: '1700000005750000000',
                links: [{ traceId: TRACE_ID, spanId: ROOT_ID, attributes: [str('why', 'x')] }],
              },
            ],
          },
        ],
      },
      {
        resource: { attributes: [str('service.name', 'other')] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: TRACE_ID,
                spanId: '0000000000000001',
                parentSpanId: '',
                name: 'bare',
                startTimeUnixNano: '5',
                endTimeUnixNano: '5',
              },
            ],
          },
        ],
      },
    ],
  };

  it('flattens every span with its resource, scope, ids, times and duration', () => {
    const [root, child, bare] = flattenSpans(request);
    expect(root).to.deep.include({
      resourceAttributes: { 'service.name': 'player-web', deployment: 'test' },
      scopeName: '@openqoe/sdk',
      scopeVersion: '0.1.0',
      traceId: TRACE_ID,
      spanId: ROOT_ID,
      parentSpanId: undefined,
      name: 'video.view',
      kind: 'INTERNAL',
      startTimeUnixNano: 1700000000000000000n,
      endTimeUnixNano: 1700000012500000001n,
      attributes: { 'video.view.end_reason': 'ended' },
      status: { code: 'ERROR', message: 'fatal' },
    });
    expect(root?.durationSeconds).to.be.closeTo(12.500000001, 1e-9);
    expect(root?.events).to.deep.equal([
      {
        name: 'video.quartile',
        timeUnixNano: 1700000003000000000n,
        attributes: { 'video.quartile': 25 },
      },
    ]);
    expect(child?.parentSpanId).to.equal(ROOT_ID);
    expect(child?.durationSeconds).to.equal(0.75);
    expect(child?.links).to.deep.equal([
      { traceId: TRACE_ID, spanId: ROOT_ID, attributes: { why: 'x' } },
    ]);
    expect(bare?.resourceAttributes).to.deep.equal({ 'service.name': 'other' });
  });

  it('fills defaults for every missing optional field', () => {
    const bare = flattenSpans(request)[2];
    expect(bare).to.deep.include({
      scopeName: undefined,
      scopeVersion: undefined,
      parentSpanId: undefined,
      traceState: undefined,
      kind: 'UNSPECIFIED',
      attributes: {},
      droppedAttributesCount: 0,
      events: [],
      links: [],
      status: { code: 'UNSET', message: undefined },
      durationSeconds: 0,
    });
    const noTimes = {
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE_ID, spanId: ROOT_ID }] }] }],
    } as unknown as ExportTraceServiceRequest;
    expect(flattenSpans(noTimes)[0]).to.deep.include({
      name: '',
      startTimeUnixNano: 0n,
      endTimeUnixNano: 0n,
      resourceAttributes: {},
    });
    expect(flattenSpans({})).to.deep.equal([]);
    expect(flattenSpans({ resourceSpans: [{ scopeSpans: [{}] }] })).to.deep.equal([]);
  });

  it('shares one resource attributes object among the spans of a resource', () => {
    const [root, child] = flattenSpans(request);
    expect(root?.resourceAttributes).to.equal(child?.resourceAttributes);
  });

  it('rejects base64 ids, naming the span and saying ids are hex', () => {
    const base64Ids = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 'W47/95gDgQPSabYzgT/GDA==',
                  spanId: ROOT_ID,
                  name: 'x',
                  startTimeUnixNano: '1',
                  endTimeUnixNano: '2',
                },
              ],
            },
          ],
        },
      ],
    };
    const error = decodeErrorOf(() => flattenSpans(base64Ids));
    expect(error.path).to.equal('resourceSpans[0].scopeSpans[0].spans[0].traceId');
    expect(error.message).to.include('hex, not base64');
  });

  it('rejects enum names where OTLP/JSON requires integers', () => {
    const named = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: TRACE_ID,
                  spanId: ROOT_ID,
                  name: 'x',
                  kind: 'SPAN_KIND_SERVER',
                  startTimeUnixNano: '1',
                  endTimeUnixNano: '2',
                },
              ],
            },
          ],
        },
      ],
    } as unknown as ExportTraceServiceRequest;
    expect(decodeErrorOf(() => flattenSpans(named)).path).to.equal(
      'resourceSpans[0].scopeSpans[0].spans[0].kind',
    );
  });

  it('rejects a body whose structure is not a traces request', () => {
    const notArray = { resourceSpans: {} } as unknown as ExportTraceServiceRequest;
    expect(decodeErrorOf(() => flattenSpans(notArray)).path).to.equal('resourceSpans');
    const notObject = [] as unknown as ExportTraceServiceRequest;
    expect(decodeErrorOf(() => flattenSpans(notObject)).path).to.equal('$');
  });
});

describe('OTLP JSON: flattenLogRecords', () => {
  const request: ExportLogsServiceRequest = {
    resourceLogs: [
      {
        resource: { attributes: [str('service.name', 'player-web')] },
        scopeLogs: [
          {
            scope: { name: '@openqoe/sdk' },
            logRecords: [
              {
                eventName: 'video.error',
                timeUnixNano: '1700000000000000001',
                observedTimeUnixNano: '1700000000000000002',
                severityNumber: 17,
                severityText: 'ERROR',
                body: {
                  kvlistValue: { values: [{ key: 'code', value: { intValue: '3' } }] },
                },
                attributes: [
                  str('error.type', 'network'),
                  { key: 'fatal', value: { boolValue: true } },
                ],
                traceId: TRACE_ID,
                spanId: ROOT_ID,
                flags: 1,
              },
              { eventName: 'video.heartbeat', body: { stringValue: 'tick' } },
              { body: {} },
            ],
          },
        ],
      },
    ],
  };

  it('flattens every log record with its resource, scope, correlation and body', () => {
    const [error, heartbeat] = flattenLogRecords(request);
    expect(error).to.deep.equal({
      resourceAttributes: { 'service.name': 'player-web' },
      scopeName: '@openqoe/sdk',
      scopeVersion: undefined,
      eventName: 'video.error',
      timeUnixNano: 1700000000000000001n,
      observedTimeUnixNano: 1700000000000000002n,
      severityNumber: 17,
      severityText: 'ERROR',
      body: { code: 3 },
      attributes: { 'error.type': 'network', fatal: true },
      droppedAttributesCount: 0,
      traceId: TRACE_ID,
      spanId: ROOT_ID,
      flags: 1,
    });
    expect(heartbeat?.body).to.equal('tick');
  });

  it('fills defaults for missing optional fields and tells no body from an empty one', () => {
    const [, heartbeat, emptyBody] = flattenLogRecords(request);
    expect(heartbeat).to.deep.include({
      timeUnixNano: 0n,
      observedTimeUnixNano: 0n,
      severityNumber: 0,
      severityText: undefined,
      traceId: undefined,
      spanId: undefined,
      attributes: {},
      flags: 0,
    });
    expect(emptyBody?.body).to.equal(null);
    expect(emptyBody?.eventName).to.equal(undefined);
    const noBody = { resourceLogs: [{ scopeLogs: [{ logRecords: [{}] }] }] };
    expect(flattenLogRecords(noBody)[0]?.body).to.equal(undefined);
  });

  it('rejects an out-of-range severity and a malformed trace id, naming the field', () => {
    const badSeverity = {
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityNumber: 25 }] }] }],
    };
    expect(decodeErrorOf(() => flattenLogRecords(badSeverity)).path).to.equal(
      'resourceLogs[0].scopeLogs[0].logRecords[0].severityNumber',
    );
    const badTrace = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ traceId: 'abc' }] }] }] };
    expect(decodeErrorOf(() => flattenLogRecords(badTrace)).path).to.equal(
      'resourceLogs[0].scopeLogs[0].logRecords[0].traceId',
    );
  });
});

describe('OTLP JSON: flattenDataPoints', () => {
  const request: ExportMetricsServiceRequest = {
    resourceMetrics: [
      {
        resource: { attributes: [str('service.name', 'receiver')] },
        scopeMetrics: [
          {
            scope: { name: 'openqoe-receiver', version: '1' },
            metrics: [
              {
                name: 'requests_total',
                unit: '1',
                sum: {
                  isMonotonic: true,
                  aggregationTemporality: 2,
                  dataPoints: [
                    { asInt: '12', attributes: [str('outcome', 'accepted')], timeUnixNano: '9' },
                  ],
                },
              },
              { name: 'in_flight', gauge: { dataPoints: [{ asDouble: 2.5 }] } },
              {
                name: 'latency',
                unit: 's',
                histogram: {
                  dataPoints: [
                    { count: '3', sum: 0.6, bucketCounts: ['1', 2], explicitBounds: [0.1] },
                  ],
                },
              },
              { name: 'no_data' },
            ],
          },
        ],
      },
    ],
  };

  it('flattens sums, gauges and histograms; a metric without data has no points', () => {
    const [sum, gauge, histogram, ...rest] = flattenDataPoints(request);
    expect(rest).to.have.length(0);
    expect(sum).to.deep.include({
      metricName: 'requests_total',
      type: 'sum',
      isMonotonic: true,
      value: 12,
      attributes: { outcome: 'accepted' },
      timeUnixNano: 9n,
      scopeName: 'openqoe-receiver',
    });
    expect(gauge).to.deep.include({ metricName: 'in_flight', type: 'gauge', value: 2.5 });
    expect(histogram).to.deep.include({
      type: 'histogram',
      unit: 's',
      count: 3,
      sum: 0.6,
      bucketCounts: [1, 2],
      explicitBounds: [0.1],
    });
  });

  it('rejects a metric that sets two data fields', () => {
    const both = {
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'm', gauge: {}, sum: {} }] }] }],
    };
    expect(decodeErrorOf(() => flattenDataPoints(both)).message).to.include('gauge and sum');
  });
});

describe('OTLP JSON: countOtlpItems', () => {
  it('counts spans, log records and data points across resources and scopes', () => {
    const traces = {
      resourceSpans: [
        { scopeSpans: [{ spans: [{}, {}] }, { spans: [{}] }] },
        { scopeSpans: [{ spans: [{}] }] },
        {},
      ],
    };
    expect(countOtlpItems('traces', traces)).to.equal(4);
    expect(
      countOtlpItems('logs', { resourceLogs: [{ scopeLogs: [{ logRecords: [{}] }] }] }),
    ).to.equal(1);
    const metrics = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                { name: 'a', sum: { dataPoints: [{}, {}] } },
                { name: 'b', histogram: { dataPoints: [{}] } },
                { name: 'c' },
              ],
            },
          ],
        },
      ],
    };
    expect(countOtlpItems('metrics', metrics)).to.equal(3);
    expect(countOtlpItems('traces', {})).to.equal(0);
  });

  it('rejects a wrong structure, naming where it goes wrong', () => {
    expect(decodeErrorOf(() => countOtlpItems('traces', 'x')).path).to.equal('$');
    expect(decodeErrorOf(() => countOtlpItems('traces', { resourceSpans: 1 })).path).to.equal(
      'resourceSpans',
    );
    expect(
      decodeErrorOf(() => countOtlpItems('logs', { resourceLogs: [{ scopeLogs: [null] }] })).path,
    ).to.equal('resourceLogs[0].scopeLogs[0]');
    expect(
      decodeErrorOf(() =>
        countOtlpItems('traces', { resourceSpans: [{ scopeSpans: [{ spans: {} }] }] }),
      ).path,
    ).to.equal('resourceSpans[0].scopeSpans[0].spans');
    const metric = {
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ gauge: { dataPoints: 3 } }] }] }],
    };
    expect(decodeErrorOf(() => countOtlpItems('metrics', metric)).path).to.equal(
      'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints',
    );
  });
});
