// The Dockerfile cannot be built here (no Docker engine), so it is checked statically: pinned base
// images, a non-root user, a health check against /health, and the port the service defaults to.
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { DEFAULT_PORT } from '../src/config/config.js';

const RECEIVER = new URL('../', import.meta.url);
const dockerfile = readFileSync(new URL('Dockerfile', RECEIVER), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const named = (keyword: string): string[] =>
  instructions
    .filter((line) => line.toUpperCase().startsWith(`${keyword} `))
    .map((line) => line.slice(keyword.length + 1).trim());

describe('receiver Dockerfile (static checks)', () => {
  it('is multi-stage with every base image pinned by a version tag', () => {
    const froms = named('FROM');
    expect(froms.length).to.be.at.least(2);
    for (const from of froms) {
      const image = from.split(/\s+/)[0] as string;
      expect(image, from).to.match(/^[\w./-]+:\d+\.\d+\.\d+[\w.-]*$/);
      expect(image).not.to.match(/:latest$/);
    }
    expect(
      new Set(froms.map((f) => f.split(/\s+/)[0])).size,
      'one Node version throughout',
    ).to.equal(1);
  });

  it('runs as a non-root user in the final stage', () => {
    const lastFrom = instructions.map((l) => l.toUpperCase().startsWith('FROM ')).lastIndexOf(true);
    const users = instructions.slice(lastFrom).filter((l) => l.toUpperCase().startsWith('USER '));
    expect(users).to.have.length.at.least(1);
    const user = users.at(-1)!.slice(5).trim();
    expect(user).not.to.match(/^(root|0)(:|$)/);
  });

  it('exposes the default PORT and checks /health on it', () => {
    expect(named('EXPOSE')).to.deep.equal([String(DEFAULT_PORT)]);
    expect(dockerfile).to.match(new RegExp(`PORT=${DEFAULT_PORT}\\b`));
    const healthcheck = named('HEALTHCHECK');
    expect(healthcheck).to.have.length(1);
    expect(healthcheck[0])
      .to.match(/--interval=\d+s/)
      .and.to.contain('/health')
      .and.to.contain('CMD');
  });

  it('starts the compiled entry point the build produces, and ignores local clutter', () => {
    const cmd = JSON.parse(named('CMD').at(-1)!) as string[];
    expect(cmd[0]).to.equal('node');
    expect(cmd.at(-1)).to.equal('receiver/dist/main.js');
    const start = (
      JSON.parse(readFileSync(new URL('package.json', RECEIVER), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts.start;
    expect(start, 'npm start runs with the same V8 flags').to.equal(
      `${cmd.slice(0, -1).join(' ')} dist/main.js`,
    );
    const build = (
      JSON.parse(readFileSync(new URL('package.json', RECEIVER), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts.build;
    expect(build).to.contain('tsc -p tsconfig.json').and.to.contain("'dist/generated'");
    expect(existsSync(new URL('src/main.ts', RECEIVER))).to.equal(true);
    const ignore = readFileSync(new URL('Dockerfile.dockerignore', RECEIVER), 'utf8');
    expect(ignore).to.contain('**/node_modules');
  });
});
