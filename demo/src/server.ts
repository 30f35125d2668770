// The demo's static server for people (`npm run demo`, `make demo`) and its browser test: serves
// the site built by site.ts, `/config.js` from RECEIVER_URL and OPENQOE_API_KEY (as the
// container does at start), and `GET /healthz`. Range requests are answered so the progressive
// MP4 can seek.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ROOT, buildSite } from './site.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mpd': 'application/dash+xml',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.json': 'application/json',
};

export interface DemoConfig {
  receiverUrl: string;
  apiKey: string;
}

/** The /config.js the page loads first: the receiver URL and API key, as JSON. */
export function configScript(config: DemoConfig): string {
  return `window.OPENQOE_CONFIG = ${JSON.stringify(config)};\n`;
}

export function configFromEnv(env: NodeJS.ProcessEnv): DemoConfig {
  return {
    receiverUrl: env['RECEIVER_URL'] || 'http://localhost:8788',
    apiKey: env['OPENQOE_API_KEY'] || 'openqoe-dev-key',
  };
}

export interface DemoServer {
  readonly url: string;
  close(): Promise<void>;
}

function sendError(res: import('node:http').ServerResponse, status: number, code: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code, message: `${code.replace(/_/g, ' ')}` } }));
}

export async function startDemoServer(options: {
  siteDir: string;
  config: DemoConfig;
  port?: number;
  host?: string;
}): Promise<DemoServer> {
  const root = resolve(options.siteDir);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://demo').pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, 405, 'method_not_allowed');
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('ok\n');
    }
    if (path === '/config.js') {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
      });
      return res.end(configScript(options.config));
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep)) return sendError(res, 403, 'outside_site');
    if (!existsSync(file) || !statSync(file).isFile()) return sendError(res, 404, 'not_found');
    const size = statSync(file).size;
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (range && (range[1] || range[2])) {
      const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start > end || start >= size) {
        res.writeHead(416, { 'content-range': `bytes */${size}` });
        return res.end();
      }
      res.writeHead(206, {
        'content-type': type,
        'content-length': end - start + 1,
        'content-range': `bytes ${start}-${end}/${size}`,
        'accept-ranges': 'bytes',
      });
      if (req.method === 'HEAD') return res.end();
      return void createReadStream(file, { start, end }).pipe(res);
    }
    res.writeHead(200, { 'content-type': type, 'content-length': size, 'accept-ranges': 'bytes' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host === '0.0.0.0' ? 'localhost' : (options.host ?? '127.0.0.1')}:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const siteDir = join(DEMO_ROOT, '..', '.cache', 'demo-site');
  console.log('building the demo site (SDK bundles, players, media)…');
  await buildSite(siteDir);
  const port = Number(process.env['PORT'] || 8080);
  const demo = await startDemoServer({
    siteDir,
    config: configFromEnv(process.env),
    port,
    host: process.env['HOST'] || '127.0.0.1',
  });
  console.log(
    `OpenQoE demo: ${demo.url}/  (telemetry to ${configFromEnv(process.env).receiverUrl})`,
  );
}
