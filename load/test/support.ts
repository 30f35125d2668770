// Shared by the load tests and the load benchmark: the real receiver as a process (what
// `npm start` runs, here through tsx) in front of the OTLP capture server, and the real k6 binary.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const LOAD_DIR = join(REPO_ROOT, 'load');
/** A key of the receiver's tenant `default` (keys are at least 16 characters). */
export const LOAD_KEY = 'load-test-key-0123456789';

/** The k6 binary `make k6` builds: $(go env GOPATH)/bin/k6, or K6 from the environment. */
export function k6Path(): string {
  if (process.env.K6) return process.env.K6;
  const gopath = spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).stdout.trim();
  return join(gopath || join(process.env.HOME ?? '/root', 'go'), 'bin', 'k6');
}

export function pinnedK6Version(): string {
  return readFileSync(join(LOAD_DIR, 'k6-version'), 'utf8').trim();
}

/** The k6 binary, after checking it exists and is the pinned version (a clear failure otherwise). */
export function requireK6(): string {
  const path = k6Path();
  if (!existsSync(path)) throw new Error(`k6 not found at ${path}: run \`make k6\` first`);
  const version = spawnSync(path, ['version'], { encoding: 'utf8' }).stdout;
  if (!version.includes(`k6 ${pinnedK6Version()} `)) {
    throw new Error(
      `${path} is "${version.trim()}", not the pinned ${pinnedK6Version()}: run \`make k6\``,
    );
  }
  return path;
}

export interface ReceiverProcess {
  readonly url: string;
  readonly pid: number;
  output(): string;
  /** SIGTERM (drains), or SIGKILL for a crash; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ReceiverProcessOptions {
  readonly otelUrl: string;
  /** Default 0 (an ephemeral port). */
  readonly port?: number;
  /** Run dist/main.js (built) instead of src/main.ts through tsx. */
  readonly compiled?: boolean;
  readonly extraEnv?: Record<string, string>;
  /** taskset core list, for benchmarks. */
  readonly cores?: string;
  /** A RECEIVER_CONFIG file instead of the load configuration (loadReceiverConfig). */
  readonly configFile?: string;
}

/** Rate limits off (the load comes from one IP and reuses sessions), timestamps as shipped. */
export function loadReceiverConfig(dir: string): string {
  const path = join(dir, 'receiver.yaml');
  writeFileSync(
    path,
    [
      'keys:',
      `  - key: ${LOAD_KEY}`,
      '    tenant: default',
      '    rate_limit: off',
      'rate_limits: { per_ip: off, per_session: off }',
      '',
    ].join('\n'),
  );
  return path;
}

export async function startReceiverProcess(
  options: ReceiverProcessOptions,
): Promise<ReceiverProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'openqoe-load-'));
  const main = options.compiled
    ? [join(REPO_ROOT, 'receiver', 'dist', 'main.js')]
    : ['--import', 'tsx', join(REPO_ROOT, 'receiver', 'src', 'main.ts')];
  const argv = [process.execPath, '--max-semi-space-size=8', '--max-old-space-size=128', ...main];
  const [command, args] =
    options.cores === undefined
      ? [argv[0]!, argv.slice(1)]
      : ['taskset', ['-c', options.cores, ...argv]];
  const child: ChildProcess = spawn(command, args, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(options.port ?? 0),
      OTEL_URL: options.otelUrl,
      RECEIVER_CONFIG: options.configFile ?? loadReceiverConfig(dir),
      RECEIVER_METRICS_EXPORT_INTERVAL_MS: '0',
      ...options.extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  while (url === undefined) {
    const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
    if (match) url = match[1];
    else if (child.exitCode !== null) throw new Error(`the receiver exited: ${output}`);
    else if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the receiver did not start: ${output}`);
    } else await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    url,
    pid: child.pid as number,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface K6Run {
  readonly exitCode: number | null;
  readonly output: string;
  /** The --summary-export JSON (metrics by name), when k6 wrote it. */
  readonly summary: K6Summary | undefined;
}

export interface K6Summary {
  readonly metrics: Record<string, Record<string, number | Record<string, unknown>>>;
}

/** Runs a script with the real k6; resolves when k6 exits (killed after `timeoutMs`). */
export async function runK6(
  script: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
  extraArgs: readonly string[] = [],
  /** taskset core list, for benchmarks. */
  cores?: string,
): Promise<K6Run> {
  const dir = mkdtempSync(join(tmpdir(), 'openqoe-k6-'));
  const summaryFile = join(dir, 'summary.json');
  const args = [
    'run',
    '--quiet',
    '--no-color',
    '--no-usage-report',
    `--summary-export=${summaryFile}`,
    ...extraArgs,
  ];
  for (const [name, value] of Object.entries(env)) args.push('-e', `${name}=${value}`);
  args.push(join(LOAD_DIR, script));
  const [command, argv] =
    cores === undefined ? [requireK6(), args] : ['taskset', ['-c', cores, requireK6(), ...args]];
  const child = spawn(command, argv, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      K6_NO_USAGE_REPORT: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  clearTimeout(timer);
  const summary = existsSync(summaryFile)
    ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as K6Summary)
    : undefined;
  return { exitCode, output, summary };
}

/** A counter's total from the summary export (0 when the metric never got a sample). */
export function counterTotal(run: K6Run, metric: string): number {
  const value = run.summary?.metrics[metric]?.count;
  return typeof value === 'number' ? value : 0;
}
