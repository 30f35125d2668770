// T8: the SDK's size is a budget, not a hope.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { ALL_IN, OWN_CODE, measureBundle } from '../scripts/bundle-size.js';

const budget = JSON.parse(
  readFileSync(new URL('../bundle-budget.json', import.meta.url), 'utf8'),
) as {
  allInGzipBytes: number;
  ownCodeGzipBytes: number;
};

describe('bundle size budget', function () {
  this.timeout(30_000);

  it(`all-in bundle (core + HTML5 adapter + transport + OpenTelemetry) ≤ ${budget.allInGzipBytes} B min+gz`, async () => {
    const size = await measureBundle(ALL_IN);
    expect(size.gzipBytes).to.be.at.most(budget.allInGzipBytes);
    // A broken build that bundles nothing must not pass as "small".
    expect(size.gzipBytes).to.be.greaterThan(5_000);
  });

  it(`the SDK's own code, providers brought by the page, ≤ ${budget.ownCodeGzipBytes} B min+gz`, async () => {
    const size = await measureBundle(OWN_CODE);
    expect(size.gzipBytes).to.be.at.most(budget.ownCodeGzipBytes);
    expect(size.gzipBytes).to.be.greaterThan(2_000);
  });
});
