// The SDK's configuration: what integrators pass to `new OpenQoE(...)`, validated once. An invalid
// field throws at construction with a message naming it; nothing throws into the page afterwards.
import type { TracerProvider } from '@opentelemetry/api';
import type { LoggerProvider } from '@opentelemetry/api-logs';

export interface OpenQoEConfig {
  /** Base URL of the receiver, e.g. '/qoe' or 'https://example.com/qoe' (any first-party path, S13). */
  endpoint?: string;
  /** API key of the receiver (sent as `Authorization: Bearer`). */
  apiKey?: string;
  /** The publisher's application (`service.name`). */
  serviceName?: string;
  serviceVersion?: string;
  environment?: string;
  /** The publisher's viewer id; sent only as an HMAC with `viewerIdSalt` (S9). */
  viewerId?: string;
  /** The organisation's secret salt for the viewer hash; required with viewerId. */
  viewerIdSalt?: string;
  /** Fraction of sessions to send, 0–1 (S12). Default 1. */
  sampleRate?: number;
  /** Send nothing until setConsent(true) (S11). Default false. */
  requireConsent?: boolean;
  /** Query parameters kept in URLs; all others are stripped (S9). */
  allowedQueryParams?: string[];
  /** Bring your own OpenTelemetry providers instead of the SDK's (then endpoint is not used). */
  tracerProvider?: TracerProvider;
  loggerProvider?: LoggerProvider;
  /** Batching (T1). */
  maxBatchItems?: number;
  maxBatchDelayMs?: number;
  /** Offline queue bounds (T5). */
  maxQueuedBatches?: number;
  maxQueuedBytes?: number;
  queueTtlMs?: number;
  /** Session rotation after inactivity. Default 30 min. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  requestTimeoutMs?: number;
}

export interface ResolvedConfig {
  endpoint: string | undefined;
  apiKey: string | undefined;
  serviceName: string;
  serviceVersion: string | undefined;
  environment: string | undefined;
  viewerId: string | undefined;
  viewerIdSalt: string | undefined;
  sampleRate: number;
  requireConsent: boolean;
  allowedQueryParams: string[];
  tracerProvider: TracerProvider | undefined;
  loggerProvider: LoggerProvider | undefined;
  maxBatchItems: number;
  maxBatchDelayMs: number;
  maxQueuedBatches: number;
  maxQueuedBytes: number;
  queueTtlMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  requestTimeoutMs: number;
}

export class OpenQoEConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`OpenQoE: config.${field} ${message}`);
    this.name = 'OpenQoEConfigError';
  }
}

type Checker<T> = (value: unknown, field: string) => T;

const optionalString: Checker<string | undefined> = (value, field) => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0)
    throw new OpenQoEConfigError(field, `must be a non-empty string (got ${describe(value)})`);
  return value;
};

function numberIn(min: number, max: number, fallback: number, integer = false): Checker<number> {
  return (value, field) => {
    if (value === undefined) return fallback;
    if (
      typeof value !== 'number' ||
      Number.isNaN(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    )
      throw new OpenQoEConfigError(
        field,
        `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (got ${describe(value)})`,
      );
    return value;
  };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

function providerOf<T>(value: unknown, field: string, method: string): T | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as Record<string, unknown>)[method] !== 'function'
  )
    throw new OpenQoEConfigError(
      field,
      `must be an OpenTelemetry provider with ${method}() (got ${describe(value)})`,
    );
  return value as T;
}

const KNOWN_FIELDS = new Set<string>([
  'endpoint',
  'apiKey',
  'serviceName',
  'serviceVersion',
  'environment',
  'viewerId',
  'viewerIdSalt',
  'sampleRate',
  'requireConsent',
  'allowedQueryParams',
  'tracerProvider',
  'loggerProvider',
  'maxBatchItems',
  'maxBatchDelayMs',
  'maxQueuedBatches',
  'maxQueuedBytes',
  'queueTtlMs',
  'sessionTimeoutMs',
  'heartbeatIntervalMs',
  'requestTimeoutMs',
]);

export function resolveConfig(input: unknown): ResolvedConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new OpenQoEConfigError('(root)', `must be an object (got ${describe(input)})`);
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    // A misspelt option silently ignored is a bug the integrator never finds.
    if (!KNOWN_FIELDS.has(key)) throw new OpenQoEConfigError(key, 'is not a known option');
  }
  const endpoint = optionalString(raw.endpoint, 'endpoint');
  const tracerProvider = providerOf<TracerProvider>(
    raw.tracerProvider,
    'tracerProvider',
    'getTracer',
  );
  const loggerProvider = providerOf<LoggerProvider>(
    raw.loggerProvider,
    'loggerProvider',
    'getLogger',
  );
  if ((tracerProvider === undefined) !== (loggerProvider === undefined))
    throw new OpenQoEConfigError(
      tracerProvider ? 'loggerProvider' : 'tracerProvider',
      'must be given together with the other provider',
    );
  if (!endpoint && !tracerProvider)
    throw new OpenQoEConfigError(
      'endpoint',
      'is required (or pass tracerProvider and loggerProvider)',
    );
  const viewerId = optionalString(raw.viewerId, 'viewerId');
  const viewerIdSalt = optionalString(raw.viewerIdSalt, 'viewerIdSalt');
  if (viewerId !== undefined && viewerIdSalt === undefined)
    throw new OpenQoEConfigError(
      'viewerIdSalt',
      'is required with viewerId: the viewer id is only sent as a keyed hash',
    );
  if (raw.requireConsent !== undefined && typeof raw.requireConsent !== 'boolean')
    throw new OpenQoEConfigError(
      'requireConsent',
      `must be a boolean (got ${describe(raw.requireConsent)})`,
    );
  const allowed = raw.allowedQueryParams;
  if (
    allowed !== undefined &&
    (!Array.isArray(allowed) || allowed.some((p) => typeof p !== 'string'))
  )
    throw new OpenQoEConfigError(
      'allowedQueryParams',
      `must be an array of strings (got ${describe(allowed)})`,
    );

  return {
    endpoint,
    apiKey: optionalString(raw.apiKey, 'apiKey'),
    serviceName: optionalString(raw.serviceName, 'serviceName') ?? 'web',
    serviceVersion: optionalString(raw.serviceVersion, 'serviceVersion'),
    environment: optionalString(raw.environment, 'environment'),
    viewerId,
    viewerIdSalt,
    sampleRate: numberIn(0, 1, 1)(raw.sampleRate, 'sampleRate'),
    requireConsent: raw.requireConsent === true,
    allowedQueryParams: (allowed as string[] | undefined) ?? [],
    tracerProvider,
    loggerProvider,
    maxBatchItems: numberIn(1, 1000, 50, true)(raw.maxBatchItems, 'maxBatchItems'),
    maxBatchDelayMs: numberIn(100, 600_000, 5000)(raw.maxBatchDelayMs, 'maxBatchDelayMs'),
    maxQueuedBatches: numberIn(0, 10_000, 50, true)(raw.maxQueuedBatches, 'maxQueuedBatches'),
    maxQueuedBytes: numberIn(
      0,
      50 * 1024 * 1024,
      512 * 1024,
      true,
    )(raw.maxQueuedBytes, 'maxQueuedBytes'),
    queueTtlMs: numberIn(0, 30 * 24 * 3600_000, 24 * 3600_000)(raw.queueTtlMs, 'queueTtlMs'),
    sessionTimeoutMs: numberIn(
      60_000,
      24 * 3600_000,
      30 * 60_000,
    )(raw.sessionTimeoutMs, 'sessionTimeoutMs'),
    heartbeatIntervalMs: numberIn(
      1000,
      600_000,
      10_000,
    )(raw.heartbeatIntervalMs, 'heartbeatIntervalMs'),
    requestTimeoutMs: numberIn(100, 120_000, 10_000)(raw.requestTimeoutMs, 'requestTimeoutMs'),
  };
}
