// The transport floor of the throughput benchmark: what any Node receiver pays per request before
// it looks at the data. It reads the body, forwards the bytes unchanged to the sink over an undici
// pool with the receiver's default downstream settings, and answers `{}` once the sink answered:
// HTTP in, HTTP out, nothing else (no auth, no parse, no validation, no rewrite). Started like the
// receiver (PORT, HOST, OTEL_URL; prints "listening on"); never a product path.
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { defaultConfig } from '../src/config/config.js';

const downstream = defaultConfig().downstream;
const sink = new URL(process.env.OTEL_URL ?? downstream.url);
const pool = new Pool(sink.origin, {
  connections: downstream.connections,
  pipelining: 1,
  keepAliveTimeout: 10_000,
});

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    pool
      .request({
        method: 'POST',
        path: req.url ?? '/',
        headers: { 'content-type': 'application/json', 'x-scope-orgid': 'bench' },
        body: Buffer.concat(chunks),
      })
      .then(async (answer) => {
        await answer.body.text();
        res.writeHead(answer.statusCode, { 'content-type': 'application/json' });
        res.end('{}');
      })
      .catch(() => {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"downstream_unavailable","message":"sink unreachable"}}');
      });
  });
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`transport floor listening on ${process.env.PORT}`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.close().then(() => process.exit(0));
});
