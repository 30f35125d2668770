// Runs a real Tempo binary (built from source, see docs/verification.md) on a copy of
// tempo/tempo.yaml that differs only in its data paths and listen ports. Found through TEMPO_BIN or
// /work/build/bin/tempo; tests that need it are pending without it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './alloy-process.js';
import {
  binaryFrom,
  startUntilReady,
  writeConfigCopy,
  type RunningBinary,
} from './binary-process.js';

export const DEFAULT_TEMPO_BIN = '/work/build/bin/tempo';

export function tempoBinary(): string | undefined {
  return binaryFrom('TEMPO_BIN', DEFAULT_TEMPO_BIN);
}

export interface TempoPorts {
  readonly http: number;
  readonly grpc: number;
  readonly otlpHttp: number;
  readonly otlpGrpc: number;
}

/** tempo/tempo.yaml with its data under `dataDir` and its listeners on loopback `ports`. */
export function tempoConfigCopy(dataDir: string, ports: TempoPorts): string {
  return writeConfigCopy('tempo/tempo.yaml', dataDir, [
    { what: 'dataRoot', find: '/var/tempo', replace: dataDir, everywhere: true },
    {
      what: 'httpPort',
      find: 'http_listen_port: 3200',
      replace: `http_listen_port: ${ports.http}`,
    },
    {
      what: 'grpcPort',
      find: 'grpc_listen_port: 9095',
      replace: `grpc_listen_port: ${ports.grpc}`,
    },
    {
      what: 'otlpHttp',
      find: 'endpoint: 0.0.0.0:4318',
      replace: `endpoint: 127.0.0.1:${ports.otlpHttp}`,
    },
    {
      what: 'otlpGrpc',
      find: 'endpoint: 0.0.0.0:4317',
      replace: `endpoint: 127.0.0.1:${ports.otlpGrpc}`,
    },
  ]);
}

export interface RunningTempo extends RunningBinary {
  /** The query API (and /ready). */
  readonly apiUrl: string;
  /** OTLP/HTTP base URL (append /v1/traces). */
  readonly otlpUrl: string;
}

/** Starts Tempo as compose does (-target=all, env expansion) and waits for /ready. */
export async function runTempo(bin: string, env: Record<string, string>): Promise<RunningTempo> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openqoe-tempo-'));
  const ports: TempoPorts = {
    http: await freePort(),
    grpc: await freePort(),
    otlpHttp: await freePort(),
    otlpGrpc: await freePort(),
  };
  const configFile = tempoConfigCopy(dataDir, ports);
  const apiUrl = `http://127.0.0.1:${ports.http}`;
  const tempo = await startUntilReady(bin, {
    name: 'tempo',
    args: [`-config.file=${configFile}`, '-config.expand-env=true', '-target=all'],
    env,
    readyUrl: `${apiUrl}/ready`,
    readyTimeoutMs: 90_000,
    // Tempo's graceful shutdown (live store hand-over, backend worker) took minutes: the test data
    // is thrown away, so it gets a few seconds and is then killed.
    stopGraceMs: 5_000,
  });
  return { apiUrl, otlpUrl: `http://127.0.0.1:${ports.otlpHttp}`, ...tempo };
}

export interface TempoTrace {
  /** HTTP status of the trace-by-id answer (200 with an empty trace when the tenant lacks it). */
  readonly status: number;
  /** Span names, sorted. */
  readonly spans: string[];
  /** Every attribute key seen (resource and spans). */
  readonly keys: Set<string>;
  /** String attribute values by key. */
  readonly values: Map<string, string>;
}

/** GET /api/v2/traces/<id> for a tenant, flattened to span names and attributes. */
export async function traceById(
  tempo: RunningTempo,
  tenant: string,
  traceId: string,
): Promise<TempoTrace> {
  const answer = await fetch(`${tempo.apiUrl}/api/v2/traces/${traceId}`, {
    headers: { 'x-scope-orgid': tenant, accept: 'application/json' },
  });
  const trace: TempoTrace = {
    status: answer.status,
    spans: [],
    keys: new Set(),
    values: new Map(),
  };
  if (!answer.ok) return trace;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.spanId === 'string' && typeof record.name === 'string') {
      trace.spans.push(record.name);
    }
    if (typeof record.key === 'string' && typeof record.value === 'object' && record.value) {
      trace.keys.add(record.key);
      const text = (record.value as { stringValue?: string }).stringValue;
      if (text !== undefined) trace.values.set(record.key, text);
    }
    Object.values(record).forEach(visit);
  };
  visit(await answer.json());
  trace.spans.sort();
  return trace;
}
