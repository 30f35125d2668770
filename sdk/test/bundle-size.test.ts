// T8: the SDK's size is a budget, not a hope.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { ALL_IN, MAIN_OWN_CODE, OWN_CODE, measureBundle } from '../scripts/bundle-size.js';

const budget = JSON.parse(
  readFileSync(new URL('../bundle-budget.json', import.meta.url), 'utf8'),
) as {
  allInGzipBytes: number;
  coreOwnCodeGzipBytes: number;
  mainOwnCodeGzipBytes: number;
};

describe('bundle size budget', function () {
  this.timeout(30_000);

  it(`all-in bundle (core + HTML5 adapter + transport + OpenTelemetry) ≤ ${budget.allInGzipBytes} B min+gz`, async () => {
    const size = await measureBundle(ALL_IN);
    expect(size.gzipBytes).to.be.at.most(budget.allInGzipBytes);
    // A broken build that bundles nothing must not pass as "small".
    expect(size.gzipBytes).to.be.greaterThan(5_000);
  });

  it(`the SDK's own code when the page brings its OpenTelemetry providers (@openqoe/sdk/core) ≤ ${budget.coreOwnCodeGzipBytes} B min+gz`, async () => {
    const size = await measureBundle(OWN_CODE);
    expect(size.gzipBytes).to.be.at.most(budget.coreOwnCodeGzipBytes);
    expect(size.gzipBytes).to.be.greaterThan(2_000);
  });

  it(`the main entry without OpenTelemetry (core + the SDK's transport) ≤ ${budget.mainOwnCodeGzipBytes} B min+gz`, async () => {
    const size = await measureBundle(MAIN_OWN_CODE);
    expect(size.gzipBytes).to.be.at.most(budget.mainOwnCodeGzipBytes);
    // The transport must really be in it: clearly more than the core alone.
    expect(size.gzipBytes).to.be.greaterThan((await measureBundle(OWN_CODE)).gzipBytes + 2_000);
  });
});
