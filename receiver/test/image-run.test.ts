// The closest thing to running the receiver image without a Docker engine: its stages re-enacted
// in a temporary directory — the build stage's `npm run build` on a copy of what it copies, the
// deps stage's production-only dependency set (read from package-lock.json, the way
// `npm ci --omit=dev -w @openqoe/receiver` selects it), the final stage's files only — then the
// Dockerfile's own CMD started there with its ENV, probed with its own HEALTHCHECK command, fed a
// span, and stopped with its STOPSIGNAL. Proves the built output needs nothing the image lacks.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { startOtlpCapture } from '../../testkit/src/otlp-capture/server.js';
import {
  dockerfileText,
  envOf,
  execForm,
  readStages,
  REPO_ROOT,
  type Stage,
} from './dockerfile-model.js';
import { KEY, rebuffer, send, tracesBody } from './helpers.js';

const ROOT = fileURLToPath(REPO_ROOT);

interface LockPackage {
  readonly version?: string;
  readonly dev?: boolean;
  readonly link?: boolean;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

type Lock = { packages: Record<string, LockPackage> };

/** Where Node would find `name` from the package at lock path `from` (its node_modules, then up). */
function resolveInLock(lock: Lock, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (lock.packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** The lock paths of a workspace's production dependencies, transitively. */
function productionClosure(lock: Lock, workspace: string): string[] {
  const seen = new Set<string>();
  const queue: string[] = [workspace];
  while (queue.length > 0) {
    const from = queue.shift() as string;
    const entry = lock.packages[from];
    if (entry === undefined) throw new Error(`package-lock.json has no ${from}`);
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    const names = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !optionalPeers[n]?.optional),
    ];
    for (const name of names) {
      const found = resolveInLock(lock, from, name);
      if (found === undefined) {
        if (name in (entry.optionalDependencies ?? {})) continue;
        throw new Error(`${from} needs ${name}, which package-lock.json does not hold`);
      }
      if (!seen.has(found)) {
        seen.add(found);
        queue.push(found);
      }
    }
  }
  return [...seen].sort();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(argv: string[], cwd: string, env: Record<string, string>): Promise<number | null> {
  const child = spawn(argv[0] as string, argv.slice(1), { cwd, env, stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('the receiver image, re-enacted without Docker (its CMD on its own files)', function () {
  this.timeout(180_000);
  const stages = readStages(dockerfileText());
  const runtime = stages.at(-1) as Stage;
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
  let work: string;
  let app: string;

  before(function () {
    work = mkdtempSync(join(tmpdir(), 'receiver-image-'));
    // Build stage: the files it copies, dependencies as `npm ci` installed them, `npm run build`.
    const build = join(work, 'build');
    for (const file of ['package.json', 'tsconfig.base.json']) {
      cpSync(join(ROOT, file), join(build, file));
    }
    cpSync(join(ROOT, 'receiver'), join(build, 'receiver'), {
      recursive: true,
      filter: (source) => !/\/receiver\/(node_modules|dist)(\/|$)/.test(source),
    });
    symlinkSync(join(ROOT, 'node_modules'), join(build, 'node_modules'));
    symlinkSync(join(ROOT, 'receiver', 'node_modules'), join(build, 'receiver', 'node_modules'));
    const built = spawnSync('npm', ['run', 'build', '--silent'], {
      cwd: join(build, 'receiver'),
      encoding: 'utf8',
    });
    expect(built.status, `${built.stdout}${built.stderr}`).to.equal(0);
    // Final stage: production dependencies, the compiled output and the manifest, nothing else.
    app = join(work, 'app');
    for (const path of productionClosure(lock, 'receiver')) {
      cpSync(join(ROOT, path), join(app, path), {
        recursive: true,
        // Nested node_modules are packages of their own: copied only when in the closure.
        filter: (source) => !source.slice(join(ROOT, path).length).includes('/node_modules'),
      });
    }
    mkdirSync(join(app, 'receiver'), { recursive: true });
    cpSync(join(build, 'receiver', 'dist'), join(app, 'receiver', 'dist'), { recursive: true });
    cpSync(join(ROOT, 'receiver', 'package.json'), join(app, 'receiver', 'package.json'));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('needs only packages that `npm ci --omit=dev` installs', () => {
    const closure = productionClosure(lock, 'receiver');
    expect(closure).to.include('node_modules/express');
    expect(closure.some((p) => p.endsWith('/ajv'))).to.equal(true);
    const devOnly = closure.filter((path) => lock.packages[path]?.dev === true);
    expect(devOnly, 'dev-only packages the receiver would need at run time').to.deep.equal([]);
    for (const dev of ['autocannon', 'fast-check', 'typescript', 'tsx', 'mocha']) {
      expect(
        closure.some((p) => p.endsWith(`node_modules/${dev}`)),
        dev,
      ).to.equal(false);
    }
  });

  it('starts with the Dockerfile CMD and ENV, passes its HEALTHCHECK, forwards, stops on SIGTERM', async () => {
    const alloy = await startOtlpCapture();
    const port = await freePort();
    const env = {
      PATH: dirname(process.execPath),
      ...envOf(runtime),
      PORT: String(port),
      OTEL_URL: alloy.url,
      API_KEY: KEY,
      RECEIVER_METRICS_EXPORT_INTERVAL_MS: '0',
    };
    const cmd = execForm(runtime, 'CMD');
    expect(cmd[0]).to.equal('node');
    const child = spawn(process.execPath, cmd.slice(1), {
      cwd: app,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const healthcheck = execForm(runtime, 'HEALTHCHECK');
    expect(healthcheck[0]).to.equal('node');
    const probe = (): Promise<number | null> =>
      run([process.execPath, ...healthcheck.slice(1)], app, env);
    try {
      const deadline = Date.now() + 30_000;
      while (!/listening on/.test(output)) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`the receiver did not start: ${output}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const url = `http://127.0.0.1:${port}`;
      const health = await send(url, '/health', { auth: undefined });
      expect([health.status, health.text]).to.deep.equal([200, '{"status":"ok"}']);
      expect(await probe(), 'HEALTHCHECK exit code').to.equal(0);
      const answer = await send(url, '/v1/traces', {
        body: JSON.stringify(tracesBody([rebuffer()])),
      });
      expect(answer.status, answer.text).to.equal(200);
      expect(alloy.requests).to.have.length(1);
      expect(alloy.requests[0]!.headers['x-scope-orgid']).to.equal('default');
      child.kill('SIGTERM');
      expect(await exit).to.equal(0);
      expect(output).to.contain('SIGTERM, draining');
      expect(await probe(), 'HEALTHCHECK fails once the receiver is gone').to.equal(1);
    } finally {
      child.kill('SIGKILL');
      await alloy.close();
    }
  });
});
