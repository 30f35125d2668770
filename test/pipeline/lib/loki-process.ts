// Runs a real Loki binary (built from source, see docs/verification.md) on a copy of loki/loki.yaml
// that differs only in its data paths and listen ports. Found through LOKI_BIN or
// /work/build/bin/loki; tests that need it are pending without it.
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

export const DEFAULT_LOKI_BIN = '/work/build/bin/loki';

export function lokiBinary(): string | undefined {
  return binaryFrom('LOKI_BIN', DEFAULT_LOKI_BIN);
}

export interface RunningLoki extends RunningBinary {
  /** The push and query API (and /ready). */
  readonly url: string;
}

/** Starts Loki as compose does (-target=all, env expansion) and waits for /ready. */
export async function runLoki(bin: string, env: Record<string, string>): Promise<RunningLoki> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openqoe-loki-'));
  const http = await freePort();
  const configFile = writeConfigCopy('loki/loki.yaml', dataDir, [
    { what: 'dataRoot', find: ' /loki', replace: ` ${dataDir}`, everywhere: true },
    { what: 'httpPort', find: 'http_listen_port: 3100', replace: `http_listen_port: ${http}` },
    {
      what: 'grpcPort',
      find: 'grpc_listen_port: 9096',
      replace: `grpc_listen_port: ${await freePort()}`,
    },
  ]);
  const url = `http://127.0.0.1:${http}`;
  const loki = await startUntilReady(bin, {
    name: 'loki',
    args: [`-config.file=${configFile}`, '-config.expand-env=true', '-target=all'],
    env,
    readyUrl: `${url}/ready`,
    readyTimeoutMs: 90_000,
    stopGraceMs: 5_000, // the test data is thrown away
  });
  return { url, ...loki };
}
