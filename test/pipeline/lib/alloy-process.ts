// Runs a real Alloy binary (built from source, see docs/verification.md) on a copy of alloy/*.alloy.
// Found through ALLOY_BIN or /work/build/bin/alloy; tests that need it are pending without it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './files.js';

export const DEFAULT_ALLOY_BIN = '/work/build/bin/alloy';

export function alloyBinary(): string | undefined {
  const candidate = process.env.ALLOY_BIN || DEFAULT_ALLOY_BIN;
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    return undefined;
  }
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

export interface RunningAlloy {
  readonly uiUrl: string;
  readonly otlpUrl: string;
  readonly output: () => string;
  stop(): Promise<void>;
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
  const child: ChildProcess = spawn(
    bin,
    [
      'run',
      `--server.http.listen-addr=127.0.0.1:${options.uiPort}`,
      `--storage.path=${options.storageDir}`,
      '--stability.level=experimental',
      '--disable-reporting',
      options.configDir,
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        OPENQOE_OTLP_LISTEN: `127.0.0.1:${options.otlpPort}`,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alloy exited with ${child.exitCode}:\n${output}`);
    try {
      const answer = await fetch(`${uiUrl}/-/ready`);
      if (answer.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`alloy was not ready within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { uiUrl, otlpUrl: `http://127.0.0.1:${options.otlpPort}`, output: () => output, stop };
}
