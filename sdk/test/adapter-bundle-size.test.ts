// T8 for the player adapters (issue #7): each adds at most 3 KB min+gz to a page's bundle.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { ADAPTER_ADDONS, type AdapterName } from '../scripts/bundle.js';
import { measureAdapterCosts, type AdapterCost } from '../scripts/bundle-size.js';

const budget = JSON.parse(
  readFileSync(new URL('../bundle-budget.json', import.meta.url), 'utf8'),
) as { adapterAddedGzipBytes: number; adapterAddonGzipBytes: number };

describe('player adapter bundle budget', function () {
  this.timeout(60_000);
  let costs: AdapterCost[];

  before(async () => {
    costs = await measureAdapterCosts();
  });

  it('measures every adapter', () => {
    expect(costs.map((c) => c.adapter)).to.deep.equal(Object.keys(ADAPTER_ADDONS));
  });

  for (const adapter of Object.keys(ADAPTER_ADDONS) as AdapterName[]) {
    it(`${adapter}: adds ≤ ${budget.adapterAddedGzipBytes} B min+gz to the all-in bundle; its add-on ≤ ${budget.adapterAddonGzipBytes} B`, () => {
      const cost = costs.find((c) => c.adapter === adapter)!;
      expect(cost.addedGzipBytes).to.be.at.most(budget.adapterAddedGzipBytes);
      expect(cost.addon.gzipBytes).to.be.at.most(budget.adapterAddonGzipBytes);
      // An adapter that bundled nothing (or the player itself) must not pass as "small".
      expect(cost.addedGzipBytes).to.be.greaterThan(500);
      expect(cost.addon.minBytes).to.be.greaterThan(1_000);
    });
  }

  it('the add-ons leave the players and the core out (they come from the page)', async () => {
    const { bundleAdapterAddon } = await import('../scripts/bundle.js');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const out = join(mkdtempSync(join(tmpdir(), 'openqoe-addon-')), 'a.js');
    const meta = await bundleAdapterAddon('hlsjs', out, false);
    const inputs = Object.keys(meta.inputs);
    expect(inputs.some((i) => i.includes('node_modules'))).to.equal(false);
    expect(inputs.some((i) => i.includes('view-tracker'))).to.equal(false);
    expect(inputs.some((i) => i.endsWith('adapters/hlsjs.ts'))).to.equal(true);
  });
});
