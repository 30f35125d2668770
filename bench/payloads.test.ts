import { expect } from 'chai';
import { compileContractSchemas } from '../receiver/src/schemas.js';
import { buildPayloads, countItems } from './payloads.js';

// The benchmark refuses to time invalid payloads; these tests say so sooner, when a contract
// change makes the SDK-built payloads stop validating.
describe('bench payloads', () => {
  const validators = compileContractSchemas();

  for (const signal of ['traces', 'logs'] as const) {
    for (const batchSize of [1, 7, 10]) {
      it(`${signal}: batches of ${batchSize} validate against the contract and hold ${batchSize} items`, async () => {
        const set = await buildPayloads(signal, batchSize, 2);
        expect(set.bodies).to.have.length(2);
        for (const body of set.bodies) {
          const parsed: unknown = JSON.parse(body);
          expect(validators[signal](parsed), JSON.stringify(validators[signal].errors)).to.equal(
            true,
          );
          expect(countItems(signal, parsed)).to.equal(batchSize);
        }
      });
    }
  }

  it('uses the contract’s names and the OpenQoE resource', async () => {
    const [traces] = (await buildPayloads('traces', 5, 1)).bodies;
    const [logs] = (await buildPayloads('logs', 5, 1)).bodies;
    for (const name of ['video.view', 'video.startup', 'video.rebuffer', 'video.seek']) {
      expect(traces).to.include(`"name":"${name}"`);
    }
    expect(logs).to.include('"eventName":"video.heartbeat"');
    expect(logs).to.include('"eventName":"video.quartile"');
    for (const body of [traces, logs]) {
      expect(body).to.include('"telemetry.distro.name","value":{"stringValue":"openqoe"}');
      expect(body).to.include('"key":"session.id"');
    }
  });

  it('gives each body its own session', async () => {
    const { bodies } = await buildPayloads('logs', 1, 2);
    const session = (body: string | undefined): string | undefined =>
      /"session\.id","value":\{"stringValue":"([^"]+)"/.exec(body ?? '')?.[1];
    expect(session(bodies[0])).to.be.a('string');
    expect(session(bodies[0])).not.to.equal(session(bodies[1]));
  });

  it('rejects batch sizes and counts that are not positive integers', async () => {
    for (const [batchSize, count] of [
      [0, 1],
      [2.5, 1],
      [1, 0],
      [1, -1],
    ] as const) {
      let error: unknown;
      try {
        await buildPayloads('traces', batchSize, count);
      } catch (caught) {
        error = caught;
      }
      expect(error, `batchSize ${batchSize}, count ${count}`).to.be.instanceOf(RangeError);
    }
  });

  it('counts no items in a body without the signal’s arrays', () => {
    expect(countItems('traces', {})).to.equal(0);
    expect(countItems('logs', { resourceLogs: [{ scopeLogs: [{}] }] })).to.equal(0);
    expect(
      countItems('traces', { resourceLogs: [{ scopeLogs: [{ logRecords: [{}] }] }] }),
    ).to.equal(0);
  });
});
