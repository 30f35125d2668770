// Configuration from the environment (the original openqoe worker's names: PORT, OTEL_URL,
// API_KEY) and an optional RECEIVER_CONFIG file (YAML or JSON) for several keys and tenants,
// origins, rate limits, cardinality overrides and viewer-hash salts. Every problem stops start-up
// with a message naming the variable or the field.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { keyDigest } from '../domain/api-keys.js';
import type { LabelPolicy } from '../domain/cardinality.js';
import { checkOriginPattern } from '../domain/origins.js';
import type { BucketSpec } from '../domain/rate-limit.js';
import { attributePolicy } from '../policy.js';
import {
  DEFAULT_TENANT,
  defaultConfig,
  type CardinalityOverride,
  type KeyConfig,
  type ReceiverConfig,
  type TenantConfig,
} from './config.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;
type Json = Record<string, unknown>;

const MIN_KEY_LENGTH = 16;
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const POLICIES: readonly LabelPolicy[] = ['allow', 'bucket', 'hash', 'drop'];

/** Reads fields of a parsed file, naming each problem by its path (`keys[1].tenant`). */
class Fields {
  constructor(private readonly source: string) {}

  fail(path: string, problem: string): never {
    throw new ConfigError(`${this.source}: ${path}: ${problem}`);
  }

  object(value: unknown, path: string, allowed: readonly string[]): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'must be a mapping');
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.fail(path ? `${path}.${key}` : key, `unknown field (known: ${allowed.join(', ')})`);
      }
    }
    return value as Json;
  }

  number(
    parent: Json,
    key: string,
    path: string,
    fallback: number,
    { min = 0, max = Number.MAX_SAFE_INTEGER, integer = true } = {},
  ): number {
    const value = parent[key];
    if (value === undefined) return fallback;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (!integer || Number.isInteger(value)) &&
      value >= min &&
      value <= max;
    if (!ok) {
      this.fail(
        `${path}${key}`,
        `must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${JSON.stringify(value)}`,
      );
    }
    return value as number;
  }

  string(parent: Json, key: string, path: string): string | undefined {
    const value = parent[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '')
      this.fail(`${path}${key}`, 'must be a non-empty string');
    return value;
  }

  boolean(parent: Json, key: string, path: string, fallback: boolean): boolean {
    const value = parent[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(`${path}${key}`, 'must be true or false');
    return value;
  }

  /** A token bucket, or `off` / null for no limit. */
  bucket(
    parent: Json,
    key: string,
    path: string,
    fallback: BucketSpec | undefined,
  ): BucketSpec | undefined {
    const value = parent[key];
    if (value === undefined) return fallback;
    if (value === null || value === 'off') return undefined;
    const where = `${path}${key}`;
    const spec = this.object(value, where, ['requests_per_second', 'burst']);
    if (spec.requests_per_second === undefined)
      this.fail(`${where}.requests_per_second`, 'is required');
    const ratePerSecond = this.number(spec, 'requests_per_second', `${where}.`, 0, {
      min: 0.001,
      integer: false,
    });
    const burst = this.number(spec, 'burst', `${where}.`, Math.max(1, Math.ceil(ratePerSecond)), {
      min: 1,
    });
    return { ratePerSecond, burst };
  }

  origins(parent: Json, key: string, path: string): string[] {
    const value = parent[key];
    if (value === undefined) return ['*'];
    if (!Array.isArray(value) || value.length === 0) {
      this.fail(`${path}${key}`, 'must be a non-empty list of origins (or ["*"])');
    }
    return value.map((origin, i) => {
      if (typeof origin !== 'string') this.fail(`${path}${key}[${i}]`, 'must be a string');
      const problem = checkOriginPattern(origin.toLowerCase());
      if (problem) this.fail(`${path}${key}[${i}]`, problem);
      return origin.toLowerCase();
    });
  }

  cardinality(value: unknown, path: string): Record<string, CardinalityOverride> {
    if (value === undefined) return {};
    const labels = new Set(attributePolicy().labels.map((label) => label.attribute));
    const overrides: Record<string, CardinalityOverride> = {};
    const table = this.object(value, path, [...labels]);
    for (const [attribute, raw] of Object.entries(table)) {
      const where = `${path}.${attribute}`;
      const entry = this.object(raw, where, ['policy', 'max_cardinality']);
      const policy = entry.policy;
      if (typeof policy !== 'string' || !POLICIES.includes(policy as LabelPolicy)) {
        this.fail(`${where}.policy`, `must be one of ${POLICIES.join(', ')}`);
      }
      const maxCardinality =
        entry.max_cardinality === undefined
          ? undefined
          : this.number(entry, 'max_cardinality', `${where}.`, 0, { min: 1, max: 1_000_000 });
      if ((policy === 'bucket' || policy === 'hash') && maxCardinality === undefined) {
        const contractMax = attributePolicy().labels.find(
          (l) => l.attribute === attribute,
        )?.maxCardinality;
        if (contractMax === undefined)
          this.fail(`${where}.max_cardinality`, `is required for ${policy}`);
        overrides[attribute] = { policy, maxCardinality: contractMax };
        continue;
      }
      overrides[attribute] = { policy: policy as LabelPolicy, maxCardinality };
    }
    return overrides;
  }
}

function checkTenant(fields: Fields, tenant: unknown, path: string): string {
  if (typeof tenant !== 'string' || !TENANT_ID.test(tenant)) {
    fields.fail(path, 'must be 1-64 characters: letters, digits, _ . - (not first)');
  }
  return tenant;
}

function keyFromFile(
  fields: Fields,
  raw: unknown,
  index: number,
  perKey: BucketSpec | undefined,
): KeyConfig {
  const path = `keys[${index}]`;
  const entry = fields.object(raw, path, ['key', 'key_sha256', 'tenant', 'origins', 'rate_limit']);
  const plain = fields.string(entry, 'key', `${path}.`);
  const hashed = fields.string(entry, 'key_sha256', `${path}.`);
  if ((plain === undefined) === (hashed === undefined)) {
    fields.fail(`${path}.key`, 'give exactly one of key or key_sha256');
  }
  let digest: Buffer;
  if (plain !== undefined) {
    if (plain.length < MIN_KEY_LENGTH)
      fields.fail(`${path}.key`, `must be at least ${MIN_KEY_LENGTH} characters`);
    digest = keyDigest(plain);
  } else {
    if (!/^[0-9a-fA-F]{64}$/.test(hashed as string)) {
      fields.fail(`${path}.key_sha256`, 'must be 64 hex digits (the SHA-256 of the key)');
    }
    digest = Buffer.from(hashed as string, 'hex');
  }
  return {
    digest,
    tenant: checkTenant(fields, entry.tenant, `${path}.tenant`),
    origins: fields.origins(entry, 'origins', `${path}.`),
    rateLimit: fields.bucket(entry, 'rate_limit', `${path}.`, perKey),
  };
}

const TOP_LEVEL = [
  'keys',
  'tenants',
  'limits',
  'rate_limits',
  'timestamps',
  'cardinality',
  'downstream',
  'dedup',
  'cors',
  'trust_proxy',
  'country_header',
  'telemetry',
  'shutdown_timeout_ms',
  'legacy_service_name',
] as const;

const DEFAULT_PER_KEY: BucketSpec = { ratePerSecond: 2000, burst: 4000 };

/** Applies a parsed RECEIVER_CONFIG document on top of `base`. */
export function applyConfigDocument(
  base: ReceiverConfig,
  document: unknown,
  source: string,
): ReceiverConfig {
  const fields = new Fields(source);
  const root = fields.object(document ?? {}, '', TOP_LEVEL);

  const limitsIn = fields.object(root.limits ?? {}, 'limits', [
    'max_body_bytes',
    'max_inflated_bytes',
    'max_depth',
    'max_items',
    'max_in_flight_requests',
    'memory_budget_bytes',
    'request_timeout_ms',
  ]);
  const l = base.limits;
  const limits = {
    maxBodyBytes: fields.number(limitsIn, 'max_body_bytes', 'limits.', l.maxBodyBytes, {
      min: 1024,
    }),
    maxInflatedBytes: fields.number(limitsIn, 'max_inflated_bytes', 'limits.', l.maxInflatedBytes, {
      min: 1024,
    }),
    maxDepth: fields.number(limitsIn, 'max_depth', 'limits.', l.maxDepth, { min: 8, max: 1000 }),
    maxItems: fields.number(limitsIn, 'max_items', 'limits.', l.maxItems, {
      min: 1,
      max: 1_000_000,
    }),
    maxInFlightRequests: fields.number(
      limitsIn,
      'max_in_flight_requests',
      'limits.',
      l.maxInFlightRequests,
      { min: 1 },
    ),
    memoryBudgetBytes: fields.number(
      limitsIn,
      'memory_budget_bytes',
      'limits.',
      l.memoryBudgetBytes,
      { min: 1024 * 1024 },
    ),
    requestTimeoutMs: fields.number(limitsIn, 'request_timeout_ms', 'limits.', l.requestTimeoutMs, {
      min: 100,
    }),
  };
  if (limits.maxInflatedBytes < limits.maxBodyBytes) {
    fields.fail('limits.max_inflated_bytes', 'must be at least limits.max_body_bytes');
  }
  if (limits.memoryBudgetBytes < limits.maxBodyBytes + limits.maxInflatedBytes) {
    fields.fail(
      'limits.memory_budget_bytes',
      'must be at least limits.max_body_bytes + limits.max_inflated_bytes',
    );
  }

  const ratesIn = fields.object(root.rate_limits ?? {}, 'rate_limits', [
    'per_key',
    'per_ip',
    'per_session',
    'max_clients',
  ]);
  const perKey = fields.bucket(ratesIn, 'per_key', 'rate_limits.', DEFAULT_PER_KEY);
  const rateLimits = {
    perIp: fields.bucket(ratesIn, 'per_ip', 'rate_limits.', base.rateLimits.perIp),
    perSession: fields.bucket(ratesIn, 'per_session', 'rate_limits.', base.rateLimits.perSession),
    maxClients: fields.number(ratesIn, 'max_clients', 'rate_limits.', base.rateLimits.maxClients, {
      min: 1,
    }),
  };

  const timeIn = fields.object(root.timestamps ?? {}, 'timestamps', [
    'policy',
    'skew_tolerance_seconds',
    'max_future_seconds',
    'max_past_seconds',
  ]);
  const mode = timeIn.policy ?? base.timestamps.mode;
  if (mode !== 'correct' && mode !== 'reject')
    fields.fail('timestamps.policy', 'must be correct or reject');
  const t = base.timestamps;
  const seconds = (key: string, fallbackMs: number): number =>
    fields.number(timeIn, key, 'timestamps.', fallbackMs / 1000, { min: 0, integer: false }) * 1000;
  const timestamps = {
    mode: mode as 'correct' | 'reject',
    skewToleranceMs: seconds('skew_tolerance_seconds', t.skewToleranceMs),
    maxFutureMs: seconds('max_future_seconds', t.maxFutureMs),
    maxPastMs: seconds('max_past_seconds', t.maxPastMs),
  };

  const cardIn = fields.object(root.cardinality ?? {}, 'cardinality', [
    'window_seconds',
    'overrides',
  ]);
  const cardinality = {
    windowMs:
      fields.number(cardIn, 'window_seconds', 'cardinality.', base.cardinality.windowMs / 1000, {
        min: 1,
      }) * 1000,
    overrides: fields.cardinality(cardIn.overrides, 'cardinality.overrides'),
  };

  const downIn = fields.object(root.downstream ?? {}, 'downstream', [
    'timeout_ms',
    'connections',
    'max_queue',
    'retry_after_seconds',
    'max_retry_after_seconds',
  ]);
  const d = base.downstream;
  const downstream = {
    ...d,
    timeoutMs: fields.number(downIn, 'timeout_ms', 'downstream.', d.timeoutMs, { min: 10 }),
    connections: fields.number(downIn, 'connections', 'downstream.', d.connections, {
      min: 1,
      max: 4096,
    }),
    maxQueue: fields.number(downIn, 'max_queue', 'downstream.', d.maxQueue, { min: 0 }),
    retryAfterSeconds: fields.number(
      downIn,
      'retry_after_seconds',
      'downstream.',
      d.retryAfterSeconds,
      { min: 1, max: 3600 },
    ),
    maxRetryAfterSeconds: fields.number(
      downIn,
      'max_retry_after_seconds',
      'downstream.',
      d.maxRetryAfterSeconds,
      { min: 1, max: 86_400 },
    ),
  };

  const dedupIn = fields.object(root.dedup ?? {}, 'dedup', ['max_entries', 'ttl_seconds']);
  const dedup = {
    maxEntries: fields.number(dedupIn, 'max_entries', 'dedup.', base.dedup.maxEntries, { min: 1 }),
    ttlMs:
      fields.number(dedupIn, 'ttl_seconds', 'dedup.', base.dedup.ttlMs / 1000, { min: 1 }) * 1000,
  };
  const corsIn = fields.object(root.cors ?? {}, 'cors', ['max_age_seconds']);
  const telemetryIn = fields.object(root.telemetry ?? {}, 'telemetry', [
    'export_interval_ms',
    'tenant',
  ]);

  const tenants = new Map<string, TenantConfig>(base.tenants);
  if (root.tenants !== undefined) {
    const raw = root.tenants;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      fields.fail('tenants', 'must be a mapping of tenant id to settings');
    }
    const table = raw as Json;
    for (const [id, raw] of Object.entries(table)) {
      const path = `tenants.${id}`;
      checkTenant(fields, id, path);
      const entry = fields.object(raw ?? {}, path, ['viewer_hash_salt', 'cardinality']);
      const salt = fields.string(entry, 'viewer_hash_salt', `${path}.`);
      if (salt !== undefined && salt.length < MIN_KEY_LENGTH) {
        fields.fail(`${path}.viewer_hash_salt`, `must be at least ${MIN_KEY_LENGTH} characters`);
      }
      tenants.set(id, {
        viewerHashSalt: salt,
        cardinality: fields.cardinality(entry.cardinality, `${path}.cardinality`),
      });
    }
  }

  const keys = [...base.keys];
  if (root.keys !== undefined) {
    const list: unknown = root.keys;
    if (!Array.isArray(list)) fields.fail('keys', 'must be a list');
    (list as unknown[]).forEach((raw: unknown, i: number) =>
      keys.push(keyFromFile(fields, raw, i, perKey)),
    );
  }
  const countryHeader = fields.string(root, 'country_header', '');

  return {
    ...base,
    keys,
    tenants,
    limits,
    rateLimits,
    timestamps,
    cardinality,
    downstream,
    dedup,
    cors: {
      maxAgeSeconds: fields.number(corsIn, 'max_age_seconds', 'cors.', base.cors.maxAgeSeconds, {
        max: 86_400 * 7,
      }),
    },
    trustProxy: fields.boolean(root, 'trust_proxy', '', base.trustProxy),
    countryHeader: countryHeader?.toLowerCase() ?? base.countryHeader,
    telemetry: {
      exportIntervalMs: fields.number(
        telemetryIn,
        'export_interval_ms',
        'telemetry.',
        base.telemetry.exportIntervalMs,
        { min: 0 },
      ),
      tenant:
        telemetryIn.tenant === undefined
          ? base.telemetry.tenant
          : checkTenant(fields, telemetryIn.tenant, 'telemetry.tenant'),
    },
    shutdownTimeoutMs: fields.number(root, 'shutdown_timeout_ms', '', base.shutdownTimeoutMs, {
      min: 0,
    }),
    legacyServiceName: fields.string(root, 'legacy_service_name', '') ?? base.legacyServiceName,
  };
}

function envNumber(env: Env, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(
      `${name}: must be an integer in ${min}..${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

function envUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name}: must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name}: must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if (url.search || url.hash)
    throw new ConfigError(`${name}: must not have a query string or fragment`);
  return raw;
}

function readDocument(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `RECEIVER_CONFIG: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  try {
    return /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `RECEIVER_CONFIG (${path}): not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

/**
 * The configuration from the environment: PORT (default 8788), OTEL_URL (default
 * http://localhost:4318), API_KEY (one key for tenant `default`, with ALLOWED_ORIGINS and
 * VIEWER_HASH_SALT), RECEIVER_CONFIG (a YAML or JSON file), HOST, and
 * RECEIVER_METRICS_EXPORT_INTERVAL_MS.
 */
export function loadConfig(env: Env = process.env): ReceiverConfig {
  let config = defaultConfig();
  const port = envNumber(env, 'PORT', 0, 65_535);
  const otelUrl = envUrl(env, 'OTEL_URL');
  const exportInterval = envNumber(env, 'RECEIVER_METRICS_EXPORT_INTERVAL_MS', 0, 86_400_000);
  config = {
    ...config,
    port: port ?? config.port,
    host: env.HOST || config.host,
    downstream: { ...config.downstream, url: otelUrl ?? config.downstream.url },
    telemetry: {
      ...config.telemetry,
      exportIntervalMs: exportInterval ?? config.telemetry.exportIntervalMs,
    },
  };

  const apiKey = env.API_KEY;
  if (apiKey !== undefined && apiKey !== '') {
    if (apiKey.length < MIN_KEY_LENGTH) {
      throw new ConfigError(`API_KEY: must be at least ${MIN_KEY_LENGTH} characters`);
    }
    const origins = (env.ALLOWED_ORIGINS ?? '*')
      .split(',')
      .map((o) => o.trim().toLowerCase())
      .filter(Boolean);
    origins.forEach((origin) => {
      const problem = checkOriginPattern(origin);
      if (problem) throw new ConfigError(`ALLOWED_ORIGINS: ${problem}`);
    });
    const salt = env.VIEWER_HASH_SALT || undefined;
    if (salt !== undefined && salt.length < MIN_KEY_LENGTH) {
      throw new ConfigError(`VIEWER_HASH_SALT: must be at least ${MIN_KEY_LENGTH} characters`);
    }
    config = {
      ...config,
      keys: [
        {
          digest: keyDigest(apiKey),
          tenant: DEFAULT_TENANT,
          origins: origins.length > 0 ? origins : ['*'],
          rateLimit: DEFAULT_PER_KEY,
        },
      ],
      tenants: new Map([[DEFAULT_TENANT, { viewerHashSalt: salt, cardinality: {} }]]),
    };
  }

  const file = env.RECEIVER_CONFIG;
  if (file !== undefined && file !== '') {
    config = applyConfigDocument(config, readDocument(file), `RECEIVER_CONFIG (${file})`);
  }
  if (config.keys.length === 0) {
    throw new ConfigError(
      'no API key configured: set API_KEY, or list keys in the RECEIVER_CONFIG file',
    );
  }
  return config;
}
