// Runs a real Tempo binary (built from source, see docs/verification.md) on a copy of
// tempo/tempo.yaml that differs only in its data paths and listen ports. Found through TEMPO_BIN or
// /work/build/bin/tempo; tests that need it are pending without it.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './alloy-process.js';
import { REPO } from './files.js';

export const DEFAULT_TEMPO_BIN = '/work/build/bin/tempo';

export function tempoBinary(): string | undefined {
  const candidate = process.env.TEMPO_BIN || DEFAULT_TEMPO_BIN;
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    return undefined;
  }
}

/** What the copy replaces: every occurrence must exist, so a reshaped tempo.yaml fails loudly. */
const REPLACED = {
  dataRoot: '/var/tempo',
  httpPort: 'http_listen_port: 3200',
  grpcPort: 'grpc_listen_port: 9095',
  otlpHttp: 'endpoint: 0.0.0.0:4318',
  otlpGrpc: 'endpoint: 0.0.0.0:4317',
} as const;

export interface TempoPorts {
  readonly http: number;
  readonly grpc: number;
  readonly otlpHttp: number;
  readonly otlpGrpc: number;
}

/** tempo/tempo.yaml with its data under `dataDir` and its listeners on loopback `ports`. */
export function tempoConfigCopy(dataDir: string, ports: TempoPorts): string {
  const original = readFileSync(join(REPO, 'tempo', 'tempo.yaml'), 'utf8');
  for (const [what, text] of Object.entries(REPLACED)) {
    if (!original.includes(text))
      throw new Error(`tempo/tempo.yaml no longer holds ${what}: ${text}`);
  }
  const copy = original
    .replaceAll(REPLACED.dataRoot, dataDir)
    .replace(REPLACED.httpPort, `http_listen_port: ${ports.http}`)
    .replace(REPLACED.grpcPort, `grpc_listen_port: ${ports.grpc}`)
    .replace(REPLACED.otlpHttp, `endpoint: 127.0.0.1:${ports.otlpHttp}`)
    .replace(REPLACED.otlpGrpc, `endpoint: 127.0.0.1:${ports.otlpGrpc}`);
  const file = join(dataDir, 'tempo.yaml');
  writeFileSync(file, copy);
  return file;
}

export interface RunningTempo {
  /** The query API (and /ready). */
  readonly apiUrl: string;
  /** OTLP/HTTP base URL (append /v1/traces). */
  readonly otlpUrl: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 5_000;

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
  const child: ChildProcess = spawn(
    bin,
    [`-config.file=${configFile}`, '-config.expand-env=true', '-target=all'],
    { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Tempo's graceful shutdown (live store hand-over, backend worker) can take minutes: the test
  // data is thrown away, so it gets a few seconds and is then killed.
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(killer);
  };
  const apiUrl = `http://127.0.0.1:${ports.http}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tempo exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${apiUrl}/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`tempo was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { apiUrl, otlpUrl: `http://127.0.0.1:${ports.otlpHttp}`, output: () => output, stop };
}
