// The SDK's configuration: what integrators pass to `new OpenQoE(...)`, validated once. An invalid
// field throws at construction with a message naming it; nothing throws into the page afterwards.
// The core's options (resolveConfig) and those of the SDK's own pipeline (resolveOwnPipelineConfig,
// used by the main entry only) are validated apart, so @openqoe/sdk/core carries only its own.
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

type OwnStringOption =
  | 'endpoint'
  | 'apiKey'
  | 'serviceName'
  | 'serviceVersion'
  | 'environment'
  | 'viewerId'
  | 'viewerIdSalt';

type OwnNumberOption =
  | 'maxBatchItems'
  | 'maxBatchDelayMs'
  | 'maxQueuedBatches'
  | 'maxQueuedBytes'
  | 'queueTtlMs'
  | 'requestTimeoutMs';

/**
 * Options of the SDK's own pipeline (resource, batching, transport): meaningless when the page
 * brings providers, whose resource and exporters take their place.
 */
export type OwnPipelineOption = OwnStringOption | OwnNumberOption;

/** The config of `OpenQoE` from @openqoe/sdk/core: the page's providers are required. */
export interface OpenQoECoreConfig extends Omit<
  OpenQoEConfig,
  OwnPipelineOption | 'tracerProvider' | 'loggerProvider'
> {
  /** The page's OpenTelemetry providers: the SDK records through them; their exporters send. */
  tracerProvider: TracerProvider;
  loggerProvider: LoggerProvider;
}

/** The core's options, validated, with their defaults. */
export interface ResolvedConfig {
  sampleRate: number;
  requireConsent: boolean;
  allowedQueryParams: string[];
  tracerProvider: TracerProvider | undefined;
  loggerProvider: LoggerProvider | undefined;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

/** The own pipeline's options, validated, with their defaults. */
export type OwnPipelineConfig = Record<OwnStringOption, string | undefined> &
  Record<OwnNumberOption, number> & { serviceName: string };

export class OpenQoEConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`OpenQoE: config.${field} ${message}`);
    this.name = 'OpenQoEConfigError';
  }
}

/** The error for a value of the wrong kind: "must be <expected> (got <what it was>)". */
function invalid(field: string, expected: string, value: unknown): OpenQoEConfigError {
  return new OpenQoEConfigError(field, `must be ${expected} (got ${describe(value)})`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

function providerOf<T>(value: unknown, field: string, method: string): T | undefined {
  if (
    value !== undefined &&
    (typeof value !== 'object' ||
      value === null ||
      typeof (value as Record<string, unknown>)[method] !== 'function')
  )
    throw invalid(field, `an OpenTelemetry provider with ${method}()`, value);
  return value as T | undefined;
}

/** Each number option's [min, max, default, integer only]. */
type NumberRange = [number, number, number, boolean?];

/** The number options of `table` in `raw`, checked against their ranges, defaults filled in. */
function numbersOf<K extends string>(
  raw: Record<string, unknown>,
  table: Record<K, NumberRange>,
): Record<K, number> {
  const numbers = {} as Record<K, number>;
  for (const field of Object.keys(table) as K[]) {
    const [min, max, fallback, integer] = table[field];
    const value = raw[field];
    if (value === undefined) numbers[field] = fallback;
    else if (
      typeof value !== 'number' ||
      Number.isNaN(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    )
      throw invalid(field, `${integer ? 'an integer' : 'a number'} from ${min} to ${max}`, value);
    else numbers[field] = value;
  }
  return numbers;
}

const HOUR_MS = 3600_000;

const CORE_NUMBERS: Record<'sampleRate' | 'sessionTimeoutMs' | 'heartbeatIntervalMs', NumberRange> =
  {
    sampleRate: [0, 1, 1],
    sessionTimeoutMs: [60_000, 24 * HOUR_MS, 30 * 60_000],
    heartbeatIntervalMs: [1000, 600_000, 10_000],
  };

const CORE_FIELDS = [
  ...Object.keys(CORE_NUMBERS),
  'requireConsent',
  'allowedQueryParams',
  'tracerProvider',
  'loggerProvider',
];

/**
 * Validates the core's options. `ownPipelineFields`: the options of the entry's own pipeline,
 * accepted besides (validated by resolveOwnPipelineConfig); without them, as in
 * @openqoe/sdk/core, the providers are required.
 */
export function resolveConfig(
  input: unknown,
  ownPipelineFields?: readonly string[],
): ResolvedConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw invalid('(root)', 'an object', input);
  const raw = input as Record<string, unknown>;
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
  if (!tracerProvider && !ownPipelineFields)
    throw new OpenQoEConfigError(
      'tracerProvider',
      'and loggerProvider are required by @openqoe/sdk/core',
    );
  for (const key of Object.keys(raw)) {
    // A misspelt option silently ignored is a bug the integrator never finds.
    if (!CORE_FIELDS.includes(key) && !ownPipelineFields?.includes(key))
      throw new OpenQoEConfigError(key, 'is not a known option');
  }
  if (raw.requireConsent !== undefined && typeof raw.requireConsent !== 'boolean')
    throw invalid('requireConsent', 'a boolean', raw.requireConsent);
  const allowed = raw.allowedQueryParams;
  if (
    allowed !== undefined &&
    (!Array.isArray(allowed) || allowed.some((p) => typeof p !== 'string'))
  )
    throw invalid('allowedQueryParams', 'an array of strings', allowed);
  return {
    requireConsent: raw.requireConsent === true,
    allowedQueryParams: (allowed as string[] | undefined) ?? [],
    tracerProvider,
    loggerProvider,
    ...numbersOf(raw, CORE_NUMBERS),
  };
}

const OWN_STRINGS: OwnStringOption[] = [
  'endpoint',
  'apiKey',
  'serviceName',
  'serviceVersion',
  'environment',
  'viewerId',
  'viewerIdSalt',
];

const OWN_NUMBERS: Record<OwnNumberOption, NumberRange> = {
  maxBatchItems: [1, 1000, 50, true],
  maxBatchDelayMs: [100, 600_000, 5000],
  maxQueuedBatches: [0, 10_000, 50, true],
  maxQueuedBytes: [0, 50 * 1024 * 1024, 512 * 1024, true],
  queueTtlMs: [0, 30 * 24 * HOUR_MS, 24 * HOUR_MS],
  requestTimeoutMs: [100, 120_000, 10_000],
};

/** The options resolveOwnPipelineConfig validates. */
export const OWN_PIPELINE_FIELDS: readonly string[] = [...OWN_STRINGS, ...Object.keys(OWN_NUMBERS)];

/**
 * Validates the own pipeline's options, after resolveConfig: even when the page's providers make
 * them unused (a wrong option is reported whatever the set-up). `endpoint` is required only
 * without providers.
 */
export function resolveOwnPipelineConfig(
  raw: Record<string, unknown>,
  hasProviders: boolean,
): OwnPipelineConfig {
  const strings = {} as Record<OwnStringOption, string | undefined>;
  for (const field of OWN_STRINGS) {
    const value = raw[field];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0))
      throw invalid(field, 'a non-empty string', value);
    strings[field] = value;
  }
  if (!strings.endpoint && !hasProviders)
    throw new OpenQoEConfigError(
      'endpoint',
      'is required (or pass tracerProvider and loggerProvider)',
    );
  if (strings.viewerId !== undefined && strings.viewerIdSalt === undefined)
    throw new OpenQoEConfigError(
      'viewerIdSalt',
      'is required with viewerId: the viewer id is only sent as a keyed hash',
    );
  return {
    ...strings,
    serviceName: strings.serviceName ?? 'web',
    ...numbersOf(raw, OWN_NUMBERS),
  };
}
