// `make up` without a usable Docker engine must say so clearly and exit non-zero (foundation #5).
// Fake `docker` binaries on PATH make each case deterministic whatever this machine has.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = new URL('..', import.meta.url).pathname;

// The only tools `make up` may use besides docker; PATH holds nothing else, so a docker client
// installed on this machine cannot leak into the test.
const TOOLS = ['make', 'bash', 'sh', 'env', 'cat'];

function binDir(docker: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'openqoe-docker-'));
  for (const tool of TOOLS) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (!found) throw new Error(`${tool} is needed to run make`);
    symlinkSync(found, join(dir, tool));
  }
  if (docker !== undefined) {
    writeFileSync(join(dir, 'docker'), `#!/bin/sh\n${docker}\n`);
    chmodSync(join(dir, 'docker'), 0o755);
  }
  return dir;
}

function makeUp(docker: string | undefined): { status: number | null; output: string } {
  const path = binDir(docker);
  const result = spawnSync('make', ['--no-print-directory', 'up'], {
    cwd: REPO,
    env: { ...process.env, PATH: path },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('make up without Docker', () => {
  it('explains that Docker is not installed', () => {
    const { status, output } = makeUp(undefined);
    expect(status).to.not.equal(0);
    expect(output).to.match(/Docker is not installed/);
  });

  it('explains that no Docker engine is reachable', () => {
    const { status, output } = makeUp('[ "$1" = info ] && exit 1; exit 0');
    expect(status).to.not.equal(0);
    expect(output).to.match(/no Docker engine is reachable/);
    expect(output).to.not.match(/compose up/);
  });

  it('explains that the compose plugin is missing', () => {
    const { status, output } = makeUp('[ "$1" = compose ] && exit 1; exit 0');
    expect(status).to.not.equal(0);
    expect(output).to.match(/compose plugin is missing/);
  });

  it('starts the stack when Docker and compose answer', () => {
    // A fake docker that records its arguments: make up must run `compose up --detach --wait`.
    const { status, output } = makeUp('echo "docker $*"; exit 0');
    expect(status).to.equal(0);
    expect(output).to.match(/docker compose up --detach --wait --wait-timeout 300 --build/);
    expect(output).to.match(/Grafana +http:\/\/localhost:3000/);
    expect(output).to.match(/COMPOSE_PROFILES=traffic make up/);
  });
});
