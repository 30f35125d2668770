// The accuracy suite's assertions in CI: the same cases `make accuracy` reports in
// docs/ACCURACY.md, each required to be within tolerance. A player whose adapter does not exist
// yet gets one test proving just that (its cases show as "adapter missing" in the report); once
// the adapter file appears, its cases run and must pass.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { PLAYER_KINDS, type PlayerKind } from '@openqoe/testkit';
import { startRig, type BrowserRig } from '../browser/support.js';
import { adapterFile, measureCase, missingAdapter } from './runner.js';
import { selectedCases } from './suite.js';

describe('accuracy: every player × scenario in Chromium against ground truth', function () {
  // A case plays at most ~20 s of media; the whole suite is kept under 8 minutes.
  this.timeout(90_000);
  // A case on a busy 2-core machine can miss its own set-up (an injected stall that the player's
  // buffer absorbed, the browser's HLS refusing the live playlist): it must pass in one of two
  // full attempts. A case that is wrong fails both.
  this.retries(1);
  let rig: BrowserRig;

  before(async function () {
    this.timeout(180_000);
    rig = await startRig();
    for (const player of PLAYER_KINDS) {
      if (player !== 'html5' && missingAdapter(player) === undefined)
        await rig.adapterAddon(player);
    }
  });
  after(async () => {
    await rig?.close();
  });

  const reportedMissing = new Set<PlayerKind>();
  for (const [scenario, player] of selectedCases()) {
    const setup = scenario.players[player];
    if ('notApplicable' in setup) continue; // listed with its reason in docs/ACCURACY.md
    const missing = missingAdapter(player);
    if (missing !== undefined) {
      if (reportedMissing.has(player)) continue;
      reportedMissing.add(player);
      it(`${player}: adapter missing (${missing}), so its cases are reported as "adapter missing"`, () => {
        expect(existsSync(adapterFile(player)!), 'the adapter file exists: its cases must run').to
          .be.false;
      });
      continue;
    }
    it(`${scenario.id} × ${player}: every metric within tolerance`, async () => {
      const result = await measureCase(rig, scenario, player);
      if (result.retriedAfter !== undefined) {
        console.log(`      (retried once: the first attempt failed: ${result.retriedAfter})`);
      }
      expect(result.status, result.reason).to.equal('measured');
      expect(result.unmet, 'the scenario happened as designed').to.deep.equal([]);
      const failing = result.rows
        .filter((row) => !row.pass)
        .map(
          (row) => `${row.metric}: truth ${row.truth}, measured ${row.measured} (${row.tolerance})`,
        );
      expect(failing, 'comparisons outside tolerance').to.deep.equal([]);
    });
  }
});
