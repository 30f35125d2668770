// The transport floor of the throughput benchmark: what any Node receiver pays per request before
// it looks at the data. It reads the body and hands its text, unchanged, to the receiver's own
// forwarder (AlloyForwarder, default downstream settings), then answers `{}` once the sink
// answered: HTTP in, the forward, nothing else (no auth, no parse, no validation, no rewrite).
// Started like the receiver (PORT, HOST, OTEL_URL; prints "listening on"); never a product path.
import { createServer } from 'node:http';
import { AlloyForwarder } from '../src/adapters/forwarder.js';
import { defaultConfig } from '../src/config/config.js';
import type { Signal } from '../src/domain/otlp.js';

const downstream = defaultConfig().downstream;
const forwarder = new AlloyForwarder({
  ...downstream,
  url: process.env.OTEL_URL ?? downstream.url,
});

const server = createServer((req, res) => {
  const signal: Signal = req.url === '/v1/logs' ? 'logs' : 'traces';
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    void forwarder
      .forward(signal, 'bench', Buffer.concat(chunks).toString('utf8'))
      .then((result) => {
        const accepted = result.kind === 'accepted';
        res.writeHead(accepted ? 200 : 503, { 'content-type': 'application/json' });
        res.end(
          accepted ? '{}' : `{"error":{"code":"downstream_${result.kind}","message":"sink"}}`,
        );
      });
  });
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`transport floor listening on ${process.env.PORT}`);
});
process.on('SIGTERM', () => {
  server.close();
  void forwarder.close().then(() => process.exit(0));
});
