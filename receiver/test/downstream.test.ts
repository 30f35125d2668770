// Nothing lost (R8): the receiver answers 2xx only after Alloy did; when Alloy is down, slow,
// failing or flapping the client gets 503 with Retry-After and can retry; a retried batch reaches
// Alloy once; in-flight work is bounded and drained at shutdown.
import { expect } from 'chai';
import {
  errorCode,
  nowNs,
  rebuffer,
  send,
  startStack,
  tracesBody,
  waitUntil,
  type Answer,
  type Stack,
} from './helpers.js';

const body = (): string => JSON.stringify(tracesBody([rebuffer()]));

function post(stack: Stack, batchId?: string): Promise<Answer> {
  return send(stack.url, '/v1/traces', {
    body: body(),
    headers:
      batchId === undefined ? {} : { 'x-openqoe-batch-id': batchId, 'x-openqoe-sent-at': nowNs() },
  });
}

function expectUnavailable(answer: Answer): void {
  expect(answer.status, answer.text).to.equal(503);
  expect(answer.headers['retry-after']).to.match(/^\d+$/);
  expect(errorCode(answer)).to.be.oneOf(['downstream_unavailable', 'overloaded']);
}

describe('downstream failures (R8)', function () {
  this.timeout(30_000);
  let stack: Stack;
  before(async () => {
    stack = await startStack((config) => {
      config.downstream = { ...config.downstream, timeoutMs: 400, retryAfterSeconds: 3 };
    });
  });
  after(async () => {
    await stack.close();
  });
  beforeEach(async () => {
    stack.alloy.reset();
    await stack.alloy.up();
  });

  it('does not answer before Alloy has', async () => {
    stack.alloy.hold();
    let answered = false;
    const pending = post(stack).then((answer) => {
      answered = true;
      return answer;
    });
    await stack.alloy.waitFor((c) => c.held === 1);
    expect(answered).to.equal(false);
    stack.alloy.release();
    expect((await pending).status).to.equal(200);
  });

  it('answers 503 with Retry-After when Alloy is down, then a retried batch arrives once', async () => {
    await stack.alloy.down();
    const first = await post(stack, 'batch-down');
    expectUnavailable(first);
    expect(first.headers['retry-after']).to.equal('3');
    const ready = await send(stack.url, '/ready', { auth: undefined });
    expect([ready.status, errorCode(ready)]).to.deep.equal([503, 'downstream_unavailable']);
    expect(ready.text).not.to.match(/127\.0\.0\.1|ECONNREFUSED/);
    await stack.alloy.up();
    const retry = await post(stack, 'batch-down');
    expect(retry.status).to.equal(200);
    const again = await post(stack, 'batch-down');
    expect(again.status).to.equal(200);
    expect(stack.alloy.requests).to.have.length(1);
    expect(stack.alloy.spans()).to.have.length(1);
  });

  it('answers 503 when Alloy is slower than the timeout, never 2xx for data it did not take', async () => {
    stack.alloy.delayResponses(1500, { times: 1 });
    const slow = await post(stack, 'batch-slow');
    expectUnavailable(slow);
    // The receiver gave up on the connection, so Alloy did not count the slow copy as delivered.
    await stack.alloy.waitFor((c) => c.counts().aborted === 1);
    expect(stack.alloy.requests).to.have.length(0);
    const retry = await post(stack, 'batch-slow');
    expect(retry.status).to.equal(200);
    expect(stack.alloy.requests).to.have.length(1);
  });

  it('forwards the retry of a batch whose first copy reached Alloy but whose answer timed out (at least once)', async () => {
    // Alloy reads the whole request, then answers too late: a real Alloy would already have
    // queued the data, yet the receiver cannot know it and must not acknowledge it.
    stack.alloy.delayResponses(1500, { times: 1 });
    const late = await post(stack, 'batch-late');
    expectUnavailable(late);
    await stack.alloy.waitFor((c) => c.counts().aborted === 1);
    const firstCopy = stack.alloy.rejected[0];
    expect(firstCopy?.aborted).to.equal(true);
    expect(JSON.stringify(firstCopy?.body)).to.include('batch-late');
    // The ledger forgot the unacknowledged copy: the retry is not mistaken for a duplicate.
    const retry = await post(stack, 'batch-late');
    expect(retry.status, retry.text).to.equal(200);
    expect(stack.alloy.requests).to.have.length(1);
    // Once acknowledged, a further retry is answered from the ledger and not forwarded.
    const again = await post(stack, 'batch-late');
    expect(again.status).to.equal(200);
    expect(stack.alloy.requests).to.have.length(1);
    expect(stack.alloy.counts().accepted.requests + stack.alloy.counts().aborted).to.equal(2);
  });

  it('passes on Alloy 503 and 429 as 503 with its Retry-After, and a 400 as a refusal', async () => {
    stack.alloy.failWith(503, { times: 1, retryAfter: 7 });
    const unavailable = await post(stack);
    expectUnavailable(unavailable);
    expect(unavailable.headers['retry-after']).to.equal('7');
    stack.alloy.failWith(429, { times: 1 });
    expectUnavailable(await post(stack));
    stack.alloy.failWith(400, { times: 1 });
    const refused = await post(stack);
    expect([refused.status, errorCode(refused)]).to.deep.equal([400, 'downstream_refused']);
    stack.alloy.failWith(500, { times: 1 });
    expectUnavailable(await post(stack));
  });

  it('survives a flapping Alloy: each batch is acknowledged only once taken, and arrives once', async () => {
    const batches = Array.from({ length: 12 }, (_, i) => `flap-${i}`);
    const acknowledged = new Set<string>();
    let refusals = 0;
    for (let round = 0; round < 6 && acknowledged.size < batches.length; round++) {
      if (round % 2 === 0) stack.alloy.failWith(503, { times: 5 });
      else await stack.alloy.down();
      for (const id of batches) {
        if (acknowledged.has(id)) continue;
        const answer = await post(stack, id);
        if (answer.status === 200) acknowledged.add(id);
        else {
          expectUnavailable(answer);
          refusals++;
        }
      }
      await stack.alloy.up();
      stack.alloy.clearBehaviours();
    }
    for (const id of batches) {
      if (!acknowledged.has(id)) {
        expect((await post(stack, id)).status).to.equal(200);
        acknowledged.add(id);
      }
    }
    expect(refusals, 'the flapping was seen').to.be.at.least(10);
    const ids = stack.alloy.spans().map((s) => s.resourceAttributes['openqoe.batch.id']);
    expect(ids.sort()).to.deep.equal([...batches].sort());
  });

  it('forwards a batch once when the client retries while the first copy is in flight', async () => {
    stack.alloy.hold();
    const first = post(stack, 'batch-race');
    await stack.alloy.waitFor((c) => c.held === 1);
    const second = post(stack, 'batch-race');
    await waitUntil(() => stack.receiver.inFlight === 2, 'the copy to arrive');
    stack.alloy.release();
    const answers = await Promise.all([first, second]);
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200]);
    expect(stack.alloy.requests).to.have.length(1);
  });
});

describe('bounded concurrency and graceful shutdown (R8)', function () {
  this.timeout(30_000);

  it('answers 503 overloaded once the forward queue is full, without buffering more', async () => {
    const stack = await startStack((config) => {
      config.downstream = { ...config.downstream, connections: 2, maxQueue: 2, timeoutMs: 5000 };
    });
    try {
      stack.alloy.hold();
      const held = Array.from({ length: 4 }, () => post(stack));
      await stack.alloy.waitFor((c) => c.held === 2);
      const overflow = await post(stack);
      expect([overflow.status, errorCode(overflow), overflow.headers['retry-after']]).to.deep.equal(
        [503, 'overloaded', '1'],
      );
      stack.alloy.release();
      const answers = await Promise.all(held);
      expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200, 200]);
      expect(stack.alloy.requests).to.have.length(4);
    } finally {
      await stack.close();
    }
  });

  it('refuses requests past max_in_flight_requests at once', async () => {
    const stack = await startStack((config) => {
      config.limits = { ...config.limits, maxInFlightRequests: 2 };
    });
    try {
      stack.alloy.hold();
      const held = [post(stack), post(stack)];
      await stack.alloy.waitFor((c) => c.held === 2);
      const refused = await post(stack);
      expect([refused.status, errorCode(refused)]).to.deep.equal([503, 'overloaded']);
      stack.alloy.release();
      expect((await Promise.all(held)).map((a) => a.status)).to.deep.equal([200, 200]);
    } finally {
      await stack.close();
    }
  });

  it('drains in-flight requests on close, and refuses new ones meanwhile', async () => {
    const stack = await startStack();
    stack.alloy.hold();
    const inFlight = post(stack);
    await stack.alloy.waitFor((c) => c.held === 1);
    let closedYet = false;
    const closed = stack.receiver.close().then(() => (closedYet = true));
    await waitUntil(() => !stack.receiver.server.listening, 'the server to stop listening');
    expect(stack.receiver.inFlight).to.equal(1);
    expect(closedYet).to.equal(false);
    const late = await post(stack).then(
      (answer) => `${answer.status} ${errorCode(answer)}`,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(late).to.be.oneOf(['ECONNREFUSED', '503 shutting_down']);
    stack.alloy.release();
    const answer = await inFlight;
    expect(answer.status).to.equal(200);
    await closed;
    expect(stack.alloy.requests).to.have.length(1);
    await stack.alloy.close();
  });
});
