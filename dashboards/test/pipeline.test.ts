import { expect } from 'chai';
import { exposedSeries } from '../src/check/catalogue.js';
import { queriesOf } from '../src/check/walk.js';
import { RECEIVER_METRICS } from '../src/pipeline-metrics.js';
import { dashboardByUid, receiverExposition } from './helpers.js';

describe('Pipeline health: receiver self-metrics', function () {
  this.timeout(30_000);
  let exposed: Map<string, Set<string>>;
  before(async () => {
    exposed = exposedSeries(await receiverExposition());
  });

  it('are the names and labels the real receiver SelfTelemetry exposes', () => {
    for (const { name, labels } of Object.values(RECEIVER_METRICS)) {
      // A histogram is exposed as _bucket/_sum/_count; its _count carries the same labels.
      const series = exposed.get(name) ?? exposed.get(`${name}_count`);
      expect(series, name).to.not.equal(undefined);
      expect([...(series ?? [])], name).to.have.members([...labels]);
    }
  });

  it('cover every receiver_* series the dashboard reads', () => {
    const used = queriesOf(dashboardByUid('openqoe-pipeline')).flatMap(
      (q) => q.text.match(/\breceiver_\w+/g) ?? [],
    );
    expect(used.length).to.be.greaterThan(10);
    const missing = [...new Set(used)].filter((name) => !exposed.has(name));
    expect(missing).to.deep.equal([]);
  });

  it('would notice a renamed receiver metric', () => {
    expect(exposed.has('receiver_requests_total')).to.equal(true);
    expect(exposed.has('receiver_request_total')).to.equal(false);
  });
});
