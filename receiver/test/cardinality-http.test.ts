// R7 end to end: however many distinct values clients send for a governed label, Alloy sees at
// most max_cardinality + 1 of them (the overflow value).
import { expect } from 'chai';
import {
  KEY,
  OTHER_KEY,
  logRecord,
  logsBody,
  send,
  startStack,
  str,
  type Stack,
} from './helpers.js';

const DISTINCT = 100_000;
const PER_REQUEST = 1000;

async function sendDistinctContentIds(stack: Stack, key: string): Promise<Set<unknown>> {
  const downstream = new Set<unknown>();
  for (let offset = 0; offset < DISTINCT; offset += PER_REQUEST) {
    const records = Array.from({ length: PER_REQUEST }, (_, i) =>
      logRecord('video.view_start', [str('video.content.id', `content-${offset + i}`)]),
    );
    const answer = await send(stack.url, '/v1/logs', {
      body: JSON.stringify(logsBody(records)),
      auth: key,
    });
    expect(answer.status, answer.text).to.equal(200);
    for (const record of stack.alloy.logRecords())
      downstream.add(record.attributes['video.content.id']);
    stack.alloy.reset();
  }
  return downstream;
}

describe('cardinality governance end to end (R7)', function () {
  this.timeout(60_000);
  let stack: Stack;
  before(async () => {
    stack = await startStack((config) => {
      config.tenants = new Map([
        ...config.tenants,
        [
          'globex',
          {
            viewerHashSalt: undefined,
            cardinality: { 'video.content.id': { policy: 'bucket', maxCardinality: 50 } },
          },
        ],
      ]);
    });
  });
  after(async () => {
    await stack.close();
  });

  it(`hash (the contract's policy, max 1000): ${DISTINCT.toLocaleString('en')} distinct ids → at most 1001 values`, async () => {
    const values = await sendDistinctContentIds(stack, KEY);
    expect(values.size).to.be.at.most(1001);
    expect(values.size).to.be.at.least(1000);
    expect(values.has('__other__')).to.equal(true);
    const stats = await send(stack.url, '/stats');
    const dimension = (
      stats.json as { cardinality: Record<string, { distinct: number; overflowed: number }> }
    ).cardinality['video.content.id']!;
    expect(dimension.distinct).to.equal(1000);
    expect(dimension.overflowed).to.equal(DISTINCT - 1000);
  });

  it(`bucket (a tenant override, max 50): ${DISTINCT.toLocaleString('en')} distinct ids → at most 51 values`, async () => {
    const values = await sendDistinctContentIds(stack, OTHER_KEY);
    expect(values.size).to.be.at.most(51);
    expect([...values].every((v) => typeof v === 'string' && /^bucket_\d+$/.test(v))).to.equal(
      true,
    );
  });
});
