// The stand-in for Alloy during the throughput benchmark: the test kit's OTLP capture server in
// count mode, in a process of its own. Prints its URL, then its tallies when asked on stdin.
import { createInterface } from 'node:readline';
import { startOtlpCapture } from '../../testkit/src/otlp-capture/server.js';

const capture = await startOtlpCapture({ store: 'count' });
process.stdout.write(`${JSON.stringify({ url: capture.url })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'counts') process.stdout.write(`${JSON.stringify(capture.counts())}\n`);
  if (line.trim() === 'reset') {
    capture.reset();
    process.stdout.write('{}\n');
  }
}
await capture.close();
