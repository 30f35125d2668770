// Runs a real Alloy binary (built from source, see docs/verification.md) on a copy of alloy/*.alloy.
// Found through ALLOY_BIN or /work/build/bin/alloy; tests that need it are pending without it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryFrom, startUntilReady, type RunningBinary } from './binary-process.js';
import { REPO } from './files.js';

export const DEFAULT_ALLOY_BIN = '/work/build/bin/alloy';

export function alloyBinary(): string | undefined {
  return binaryFrom('ALLOY_BIN', DEFAULT_ALLOY_BIN);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `alloy fmt <file>`: the formatted text, or the error output. */
export function alloyFmt(
  bin: string,
  file: string,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(bin, ['fmt', file], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A folder holding copies of the repository's .alloy files (what compose mounts). */
export function configCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'openqoe-alloy-config-'));
  for (const name of readdirSync(join(REPO, 'alloy'))) {
    if (name.endsWith('.alloy')) copyFileSync(join(REPO, 'alloy', name), join(dir, name));
  }
  return dir;
}

export interface RunningAlloy extends RunningBinary {
  readonly uiUrl: string;
  readonly otlpUrl: string;
}

export interface RunAlloyOptions {
  configDir: string;
  storageDir: string;
  env: Record<string, string>;
  uiPort: number;
  otlpPort: number;
}

export async function runAlloy(bin: string, options: RunAlloyOptions): Promise<RunningAlloy> {
  const uiUrl = `http://127.0.0.1:${options.uiPort}`;
  // No kill after a grace time: the persistent-queue test restarts Alloy on the same storage and
  // needs it to shut down cleanly (remote_write may take up to a minute to flush).
  const alloy = await startUntilReady(bin, {
    name: 'alloy',
    args: [
      'run',
      `--server.http.listen-addr=127.0.0.1:${options.uiPort}`,
      `--storage.path=${options.storageDir}`,
      '--stability.level=experimental',
      '--disable-reporting',
      options.configDir,
    ],
    env: { OPENQOE_OTLP_LISTEN: `127.0.0.1:${options.otlpPort}`, ...options.env },
    readyUrl: `${uiUrl}/-/ready`,
    readyTimeoutMs: 60_000,
  });
  // /-/ready answers once the graph is loaded, which can be before the OTLP receiver listens
  // (seen on a busy machine): the tests send right away, so wait for the port too.
  await waitForPort(options.otlpPort, 30_000).catch(async (error: unknown) => {
    await alloy.stop();
    throw new Error(`${String(error)}\n${alloy.output()}`);
  });
  return { uiUrl, otlpUrl: `http://127.0.0.1:${options.otlpPort}`, ...alloy };
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`. */
async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const accepts = (): Promise<boolean> =>
    new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  while (!(await accepts())) {
    if (Date.now() > deadline)
      throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
