// The demo container (demo/Dockerfile) cannot be built here (no Docker engine): its files are
// checked statically, and its start-up script is run for real with sh.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';

const DEMO = new URL('../', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, DEMO), 'utf8');

describe('demo container files', () => {
  it('the Dockerfile pins both images, builds the site and serves on 8080 with a health check', () => {
    const dockerfile = read('Dockerfile');
    const images = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(images).to.deep.equal(['node:20.20.2-bookworm-slim', 'nginx:1.27.5-alpine']);
    expect(dockerfile).to.match(/apt-get install -y --no-install-recommends ffmpeg/);
    expect(dockerfile).to.include('RUN npx tsx demo/src/site.ts /site');
    expect(dockerfile).to.include('COPY --from=build /site /usr/share/nginx/html');
    expect(dockerfile).to.match(/^EXPOSE 8080$/m);
    expect(dockerfile).to.match(/HEALTHCHECK[\s\S]*http:\/\/127\.0\.0\.1:8080\/healthz/);
    // Every file the Dockerfile copies from the context exists.
    for (const [, source] of dockerfile.matchAll(/^COPY (?!--from)(\S+)/gm)) {
      if (source === 'package.json' || source === 'package-lock.json') continue;
      expect(existsSync(new URL(`../${source}`, DEMO)), source).to.equal(true);
    }
  });

  it('nginx listens on 8080, answers /healthz and keeps the image MIME types', () => {
    const conf = read('nginx.conf');
    expect(conf).to.match(/listen 8080;/);
    expect(conf).to.match(/location = \/healthz \{[^}]*return 200/);
    expect(conf).to.include('include /etc/nginx/mime.types;');
    expect(conf).to.match(/application\/dash\+xml mpd;/);
  });

  for (const [env, expected] of [
    [{}, { receiverUrl: 'http://localhost:8788', apiKey: 'openqoe-dev-key' }],
    [
      { RECEIVER_URL: 'https://qoe.example/r"x\\', OPENQOE_API_KEY: 'k"1' },
      { receiverUrl: 'https://qoe.example/r"x\\', apiKey: 'k"1' },
    ],
  ] as const) {
    it(`the start-up script writes config.js from ${JSON.stringify(env)}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'openqoe-demo-config-'));
      execFileSync('sh', [new URL('40-openqoe-config.sh', DEMO).pathname], {
        env: { PATH: process.env['PATH'], OPENQOE_SITE_DIR: dir, ...env },
      });
      const sandbox: { window: { OPENQOE_CONFIG?: unknown } } = { window: {} };
      runInNewContext(readFileSync(join(dir, 'config.js'), 'utf8'), sandbox);
      expect(sandbox.window.OPENQOE_CONFIG).to.deep.equal(expected);
    });
  }
});
