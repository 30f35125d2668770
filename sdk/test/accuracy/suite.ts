// The whole suite: one rig (browser, fixtures, media and capture servers), every scenario with
// every player, one case after another. Shared by `make accuracy` (run.ts, writes the report) and
// the mocha test that asserts the same results in CI.
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { PLAYER_KINDS, type PlayerKind } from '@openqoe/testkit';
import { startRig, type BrowserRig } from '../browser/support.js';
import type { CaseResult, RunInfo, Scenario } from './model.js';
import { measureCase, missingAdapter } from './runner.js';
import { SCENARIOS } from './scenarios.js';

export interface SuiteFilter {
  players?: readonly PlayerKind[];
  scenarios?: readonly string[];
}

export interface SuiteRun {
  info: RunInfo;
  results: CaseResult[];
}

export function selectedCases(filter: SuiteFilter = {}): [Scenario, PlayerKind][] {
  const players = PLAYER_KINDS.filter((p) => !filter.players || filter.players.includes(p));
  return SCENARIOS.filter((s) => !filter.scenarios || filter.scenarios.includes(s.id)).flatMap(
    (scenario) => players.map((player): [Scenario, PlayerKind] => [scenario, player]),
  );
}

export function machineDescription(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  const memory = (totalmem() / 2 ** 30).toFixed(1);
  // The machine may be shared: the load says how much else ran alongside (timings suffer).
  const load = loadavg()[0]?.toFixed(1) ?? '?';
  return `${osType()} ${release()}, ${cpu.length} × ${model}, ${memory} GiB RAM, load average ${load} at the end`;
}

export async function runSuite(
  filter: SuiteFilter = {},
  onCase?: (result: CaseResult) => void,
): Promise<SuiteRun> {
  const started = performance.now();
  const rig: BrowserRig = await startRig();
  try {
    // Adapter add-ons are bundled on first use; build them now so no case's timing includes it.
    for (const player of PLAYER_KINDS) {
      if (player !== 'html5' && missingAdapter(player) === undefined)
        await rig.adapterAddon(player);
    }
    const results: CaseResult[] = [];
    for (const [scenario, player] of selectedCases(filter)) {
      const result = await measureCase(rig, scenario, player);
      results.push(result);
      onCase?.(result);
    }
    return { info: await runInfo(rig, results, performance.now() - started), results };
  } finally {
    await rig.close();
  }
}

async function runInfo(
  rig: BrowserRig,
  results: CaseResult[],
  runtimeMs: number,
): Promise<RunInfo> {
  const playerVersions: RunInfo['playerVersions'] = {};
  for (const result of results) {
    if (result.playerVersion !== undefined) playerVersions[result.player] ??= result.playerVersion;
  }
  return {
    date: new Date().toISOString(),
    machine: machineDescription(),
    chromium: rig.browser.version(),
    node: process.version,
    playerVersions,
    runtimeMs,
  };
}
