import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { generatedDashboards, staleDashboards } from '../src/generate.js';
import { DASHBOARD_DIR, REPO_ROOT } from '../src/paths.js';

describe('generated dashboard files', function () {
  this.timeout(60_000);

  it('are up to date (run `make dashboards` after editing dashboards/src)', async () => {
    expect(await staleDashboards()).to.deep.equal([]);
  });

  it('are the six provisioned dashboards', async () => {
    expect([...(await generatedDashboards()).keys()]).to.have.members(
      ['vod', 'live', 'quality', 'impact', 'session', 'pipeline'].map(
        (n) => `${DASHBOARD_DIR}/${n}.json`,
      ),
    );
  });

  it('go stale when a committed file differs or is missing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'openqoe-dashboards-'));
    try {
      mkdirSync(join(root, DASHBOARD_DIR), { recursive: true });
      for (const [path, content] of await generatedDashboards())
        writeFileSync(join(root, path), content);
      expect(await staleDashboards(root)).to.deep.equal([]);
      const vod = join(root, DASHBOARD_DIR, 'vod.json');
      writeFileSync(vod, readFileSync(vod, 'utf8').replace('"openqoe-vod"', '"openqoe-vod-2"'));
      rmSync(join(root, DASHBOARD_DIR, 'live.json'));
      expect(await staleDashboards(root)).to.have.members([
        `${DASHBOARD_DIR}/vod.json`,
        `${DASHBOARD_DIR}/live.json`,
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('are generated deterministically', async () => {
    const first = await generatedDashboards();
    const second = await generatedDashboards();
    expect([...second]).to.deep.equal([...first]);
    expect(REPO_ROOT).to.match(/\/$/);
  });
});
