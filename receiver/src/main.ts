// `npm start -w receiver`: the receiver as a process. Configuration from the environment (see
// README.md); a bad value stops start-up with a message naming it. SIGTERM / SIGINT drain in-flight
// requests before exit. RECEIVER_WORKERS=N (N ≥ 2) runs N processes sharing the port (Node's
// cluster module); each keeps its own rate-limit, de-duplication and cardinality tables and takes
// its share of the receiver-wide limits (src/domain/worker-share.ts says which and why).
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import type { ReceiverConfig } from './config/config.js';

function workerCount(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  if (raw === 'auto') return availableParallelism();
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 256) {
    throw new ConfigError(
      `RECEIVER_WORKERS: must be an integer in 1..256 or "auto", got ${JSON.stringify(raw)}`,
    );
  }
  return Number(raw);
}

async function serve(config: ReceiverConfig, workers: number): Promise<void> {
  const receiver = createApp(config, { workers });
  const url = await receiver.listen();
  console.log(
    `openqoe receiver listening on ${url} (pid ${process.pid}), forwarding to ${config.downstream.url}`,
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`openqoe receiver: ${signal}, draining ${receiver.inFlight} in-flight requests`);
    receiver.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('openqoe receiver: shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function main(): void {
  let config: ReceiverConfig;
  let workers: number;
  try {
    config = loadConfig(process.env);
    workers = workerCount(process.env.RECEIVER_WORKERS);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`openqoe receiver: invalid configuration: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  if (workers > 1 && cluster.isPrimary) {
    for (let i = 0; i < workers; i++) cluster.fork();
    let stopping = false;
    cluster.on('exit', (worker, code) => {
      if (stopping) return;
      console.error(
        `openqoe receiver: worker ${worker.process.pid} exited (${code}); starting another`,
      );
      cluster.fork();
    });
    const stop = (): void => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    return;
  }
  serve(config, workers).catch((error: unknown) => {
    console.error(`openqoe receiver: cannot start: ${(error as Error).message}`);
    process.exit(1);
  });
}

main();
