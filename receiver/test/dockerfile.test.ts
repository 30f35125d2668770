// The Dockerfile cannot be built here (no Docker engine), so it is checked statically: pinned base
// images, a non-root user, a health check against /health, and the port the service defaults to.
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { DEFAULT_PORT } from '../src/config/config.js';
import { copyParts, envOf, readStages, REPO_ROOT, type Stage } from './dockerfile-model.js';

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

  const stages = readStages(dockerfile);
  const runtime = stages.at(-1) as Stage;
  const stageNamed = (name: string | undefined): Stage => {
    const stage = stages.find((candidate) => candidate.name === name);
    if (!stage) throw new Error(`no stage named ${String(name)}`);
    return stage;
  };
  const copies = (stage: Stage): ReturnType<typeof copyParts>[] =>
    stage.instructions.filter((i) => i.keyword === 'COPY').map((i) => copyParts(i.args));
  const runs = (stage: Stage): string[] =>
    stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);

  it('installs only production dependencies into the image, from the lock file', () => {
    const modules = copies(runtime).filter((c) =>
      c.sources.some((s) => s.endsWith('node_modules')),
    );
    expect(modules, 'node_modules come from another stage').to.have.length.at.least(1);
    for (const copy of modules) {
      const deps = stageNamed(copy.from);
      const installs = runs(deps).filter((r) => /\bnpm (ci|install)\b/.test(r));
      expect(installs, `stage ${String(copy.from)}`).to.have.length(1);
      expect(installs[0])
        .to.match(/\bnpm ci\b/)
        .and.to.match(/--omit=dev\b/);
    }
    expect(
      runs(runtime).filter((r) => /\bnpm\b/.test(r)),
      'the final stage installs nothing',
    ).to.be.empty;
    const dist = copies(runtime).filter((c) => c.sources.some((s) => s.endsWith('receiver/dist')));
    expect(dist.map((c) => c.from)).to.deep.equal(['build']);
    expect(runs(stageNamed('build')).join('\n')).to.contain('npm run build -w @openqoe/receiver');
  });

  it('gives npm ci every workspace manifest the lock file names', () => {
    const root = JSON.parse(readFileSync(new URL('package.json', REPO_ROOT), 'utf8')) as {
      workspaces: string[];
    };
    for (const stage of stages.filter((st) => runs(st).some((r) => /\bnpm ci\b/.test(r)))) {
      const copied = new Set(copies(stage).flatMap((c) => c.sources));
      for (const file of ['package.json', 'package-lock.json']) {
        expect(copied.has(file), `${String(stage.name)} copies ${file}`).to.equal(true);
      }
      for (const workspace of root.workspaces) {
        expect(
          copied.has(`${workspace}/package.json`),
          `${String(stage.name)}: ${workspace}`,
        ).to.equal(true);
      }
    }
  });

  it('runs in production mode and stops on SIGTERM, which the receiver drains on', () => {
    expect(envOf(runtime).NODE_ENV).to.equal('production');
    expect(envOf(runtime).PORT).to.equal(String(DEFAULT_PORT));
    const stop = runtime.instructions.filter((i) => i.keyword === 'STOPSIGNAL');
    expect(stop.map((i) => i.args)).to.deep.equal(['SIGTERM']);
    const main = readFileSync(new URL('src/main.ts', RECEIVER), 'utf8');
    expect(main).to.contain("process.on('SIGTERM'");
  });

  it('keeps node_modules, builds and VCS data out of the build context, and nothing the build copies', () => {
    const patterns = readFileSync(new URL('Dockerfile.dockerignore', RECEIVER), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    // The .dockerignore syntax the file uses: `**/` any directories, `*` within one name.
    const ignored = (path: string): boolean =>
      patterns.some((pattern) => {
        const source = pattern
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*\*\//g, '(?:.*/)?')
          .replace(/\*/g, '[^/]*');
        return new RegExp(`^${source}(?:/.*)?$`).test(path);
      });
    for (const path of [
      'node_modules/express/package.json',
      'receiver/node_modules/ajv/package.json',
      'receiver/dist/main.js',
      '.git/HEAD',
      '.cache/recv/x',
    ]) {
      expect(ignored(path), path).to.equal(true);
    }
    const fromContext = stages.flatMap((stage) =>
      copies(stage)
        .filter((c) => c.from === undefined)
        .flatMap((c) => c.sources),
    );
    expect(fromContext).to.include('receiver/');
    for (const source of fromContext) {
      expect(ignored(source.replace(/\/$/, '')), `${source} reaches the build`).to.equal(false);
      expect(existsSync(new URL(source, REPO_ROOT)), `${source} exists`).to.equal(true);
    }
    for (const needed of [
      'receiver/src/main.ts',
      'receiver/src/generated/schemas',
      'receiver/tsconfig.json',
    ]) {
      expect(ignored(needed), needed).to.equal(false);
    }
  });
});
