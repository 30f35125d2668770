// The receiver as a process (`node --import tsx src/main.ts`, what `npm start` runs compiled):
// bad configuration stops start-up naming the field; SIGTERM drains and exits 0.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startOtlpCapture } from '../../testkit/src/otlp-capture/server.js';
import { KEY, rebuffer, send, tracesBody } from './helpers.js';

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;

interface Run {
  readonly exit: Promise<number | null>;
  output(): string;
  kill(signal: NodeJS.Signals): void;
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    output: () => output,
    kill: (signal) => child.kill(signal),
  };
}

async function outputMatching(
  run: Run,
  pattern: RegExp,
  timeoutMs = 15_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(run.output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in output: ${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the receiver process', function () {
  this.timeout(30_000);

  it('refuses to start on invalid configuration, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'receiver-process-'));
    const file = join(dir, 'receiver.yaml');
    writeFileSync(file, `keys:\n  - key: ${KEY}\n    tenant: acme\nlimits:\n  max_depth: 2\n`);
    const run = start({ RECEIVER_CONFIG: file });
    expect(await run.exit).to.equal(2);
    expect(run.output()).to.match(
      /invalid configuration: RECEIVER_CONFIG \(.*\): limits\.max_depth: must be an integer in 8\.\.1000, got 2/,
    );
    const noKey = start({ PORT: '8788' });
    expect(await noKey.exit).to.equal(2);
    expect(noKey.output()).to.match(/no API key configured/);
  });

  it('serves with API_KEY and OTEL_URL, and drains on SIGTERM', async () => {
    const alloy = await startOtlpCapture();
    const run = start({
      API_KEY: KEY,
      OTEL_URL: alloy.url,
      PORT: '0',
      HOST: '127.0.0.1',
      RECEIVER_METRICS_EXPORT_INTERVAL_MS: '0',
    });
    try {
      const [, url] = await outputMatching(run, /listening on (http:\/\/[\d.]+:\d+)/);
      const answer = await send(url as string, '/v1/traces', {
        body: JSON.stringify(tracesBody([rebuffer()])),
      });
      expect(answer.status).to.equal(200);
      expect(alloy.requests[0]!.headers['x-scope-orgid']).to.equal('default');
      run.kill('SIGTERM');
      expect(await run.exit).to.equal(0);
      expect(run.output()).to.contain('SIGTERM, draining');
    } finally {
      run.kill('SIGKILL');
      await alloy.close();
    }
  });
});
