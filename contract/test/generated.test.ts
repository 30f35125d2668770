import { expect } from 'chai';
import { staleFiles, generatedFiles } from '../src/generate.js';
import { loadContract } from '../src/load.js';
import { parseChanged, renameAttribute } from './helpers.js';

describe('files generated from the contract', function () {
  this.timeout(30_000);

  it('are up to date (run `make generate` after editing contract/telemetry.yaml)', async () => {
    expect(await staleFiles(loadContract())).to.deep.equal([]);
  });

  it('cover the SDK types, the receiver schemas and the reference doc', async () => {
    const paths = [...(await generatedFiles(loadContract())).keys()];
    expect(paths).to.include.members([
      'sdk/src/generated/contract.ts',
      'receiver/src/generated/schemas/otlp-traces.schema.json',
      'receiver/src/generated/schemas/otlp-logs.schema.json',
      'receiver/src/generated/schemas/legacy-events.schema.json',
      'receiver/src/generated/attribute-policy.json',
      'docs/telemetry.md',
    ]);
  });

  it('go stale when an attribute is renamed in the contract', async () => {
    const renamed = parseChanged((raw) =>
      renameAttribute(raw, 'video.watch_time', 'video.play_time'),
    );
    const stale = await staleFiles(renamed);
    expect(stale).to.include.members([
      'sdk/src/generated/contract.ts',
      'receiver/src/generated/schemas/otlp-traces.schema.json',
      'receiver/src/generated/schemas/otlp-logs.schema.json',
      'docs/telemetry.md',
    ]);
  });

  it('give the SDK one constant and one value type per sendable attribute', async () => {
    const contract = loadContract();
    const sdk = (await generatedFiles(contract)).get('sdk/src/generated/contract.ts') ?? '';
    expect(sdk).to.include("export const ATTR_VIDEO_VIEW_END_REASON = 'video.view.end_reason';");
    expect(sdk).to.include("export const EVENT_VIDEO_STALL_START = 'video.stall_start';");
    expect(sdk).to.match(/'video\.quartile\.percent': 25 \| 50 \| 75 \| 100;/);
    // Attributes that must never leave the browser get no constant at all.
    expect(sdk).to.not.include("'user.id'");
    expect(sdk).to.not.include("'client.address'");
  });
});
