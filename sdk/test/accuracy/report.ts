// docs/ACCURACY.md as a pure function of a run's results: no clock, no file system, so the same
// results always give the same page and the layout is unit-tested.
import type { PlayerKind } from '@openqoe/testkit';
import { STALL_GAP_MS, TOLERANCES } from './compare.js';
import type { CaseResult, MetricRow, PlayerSetup, RunInfo, Scenario } from './model.js';

/** A cause found for a failing comparison, shown next to it (see findings.ts). */
export interface Finding {
  scenario: string;
  player: PlayerKind;
  /** Rows whose metric starts with this. */
  metric: string;
  cause: string;
}

const PLAYER_LABELS: Record<PlayerKind, string> = {
  html5: 'HTML5 <video>',
  hlsjs: 'hls.js',
  dashjs: 'dash.js',
  shaka: 'Shaka Player',
  videojs: 'Video.js',
};

export interface Tally {
  measured: number;
  comparisons: number;
  passed: number;
  failedCases: number;
  notMeasured: number;
}

/** A case passes when it ran, met its scenario's preconditions and every comparison passed. */
export function casePassed(result: CaseResult): boolean {
  return (
    result.status === 'measured' && result.unmet.length === 0 && result.rows.every((r) => r.pass)
  );
}

export function tally(results: readonly CaseResult[]): Tally {
  const ran = results.filter((r) => r.status === 'measured' || r.status === 'error');
  const rows = results.flatMap((r) => r.rows);
  return {
    measured: results.filter((r) => r.status === 'measured').length,
    comparisons: rows.length,
    passed: rows.filter((r) => r.pass).length,
    failedCases: ran.filter((r) => !casePassed(r)).length,
    notMeasured: results.length - ran.length,
  };
}

/** Markdown table cell: no pipes or line breaks inside. */
function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

function formatError(metric: MetricRow): string {
  if (metric.error === undefined) return '—';
  const sign = metric.error > 0 ? '+' : '';
  const digits = metric.unit === 'ms' ? 1 : 0;
  return `${sign}${metric.error.toFixed(digits)}${metric.unit === 'ms' ? ' ms' : ''}`;
}

function withUnit(value: string, unit: string): string {
  return unit === 'ms' && value !== '—' ? `${value} ms` : value;
}

function playerVersion(info: RunInfo, player: PlayerKind): string {
  const version = info.playerVersions[player];
  if (player === 'html5') return `${PLAYER_LABELS.html5} (the browser's own)`;
  return version === undefined
    ? `${PLAYER_LABELS[player]} (not run)`
    : `${PLAYER_LABELS[player]} ${version}`;
}

function settingsOf(setup: PlayerSetup): string {
  const parts = [`source ${setup.source}`];
  if (setup.bufferSeconds !== undefined) parts.push(`buffer ${setup.bufferSeconds} s`);
  for (const fault of setup.faults ?? []) {
    const target =
      'source' in fault.target
        ? 'the source'
        : `segment ${fault.target.segments.join(', ')}${
            fault.target.renditions ? ` of ${fault.target.renditions.join('/')}` : ''
          }${fault.target.audio ? ' (video and audio)' : ''}`;
    const what =
      fault.fault.kind === 'delay'
        ? `delayed ${fault.fault.ms} ms`
        : fault.fault.kind === 'throttle'
          ? `throttled to ${fault.fault.bytesPerSecond} B/s`
          : fault.fault.kind === 'status'
            ? `answered ${fault.fault.status}${fault.fault.delayMs ? ` after ${fault.fault.delayMs} ms` : ''}`
            : 'aborted';
    parts.push(`${target} ${what}${fault.times === undefined ? '' : ` (${fault.times}×)`}`);
  }
  if (setup.playerConfig !== undefined) parts.push(`config ${JSON.stringify(setup.playerConfig)}`);
  if (setup.note !== undefined) parts.push(setup.note);
  return parts.join('; ');
}

function caseRows(
  result: CaseResult,
  findings: readonly Finding[],
  causes: readonly string[],
): string[] {
  const label = PLAYER_LABELS[result.player];
  if (result.status !== 'measured') {
    const what = result.status === 'error' ? '**FAIL** (did not complete)' : result.status;
    return [row([label, '—', '—', '—', '—', '—', `${what}: ${result.reason ?? ''}`])];
  }
  const lines = result.rows.map((metric) => {
    const cause = findings.find(
      (f) =>
        f.scenario === result.scenario &&
        f.player === result.player &&
        metric.metric.startsWith(f.metric),
    );
    const verdict = metric.pass
      ? 'pass'
      : `**FAIL**${cause ? ` (see note ${causes.indexOf(cause.cause) + 1})` : ''}`;
    return row([
      label,
      metric.metric,
      withUnit(metric.truth, metric.unit),
      withUnit(metric.measured, metric.unit),
      formatError(metric),
      metric.tolerance,
      verdict,
    ]);
  });
  if (result.retriedAfter !== undefined) {
    lines.push(
      row([
        label,
        'first attempt',
        `did not complete: ${result.retriedAfter}`,
        '—',
        '—',
        '—',
        'retried once',
      ]),
    );
  }
  for (const unmet of result.unmet) {
    lines.push(row([label, 'scenario precondition', unmet, '—', '—', '—', '**FAIL**']));
  }
  return lines;
}

/** The findings that explain a failing row of these results. */
function citedFindings(results: readonly CaseResult[], findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) =>
    results.some(
      (r) =>
        r.scenario === finding.scenario &&
        r.player === finding.player &&
        r.rows.some((m) => !m.pass && m.metric.startsWith(finding.metric)),
    ),
  );
}

export function renderReport(
  info: RunInfo,
  results: readonly CaseResult[],
  scenarios: readonly Scenario[],
  findings: readonly Finding[] = [],
): string {
  const totals = tally(results);
  const cited = citedFindings(results, findings);
  // One note per distinct cause, listing every case it explains.
  const causes = [...new Set(cited.map((f) => f.cause))];
  const players = [...new Set(results.map((r) => r.player))];
  const out: string[] = [];
  out.push(
    '<!-- GENERATED by `make accuracy` (sdk/test/accuracy/run.ts). Do not edit by hand. -->',
  );
  out.push('', '# SDK accuracy', '');
  out.push(
    'Every player plays every scenario in real Chromium with the SDK attached through its adapter.',
    "The SDK's report of each view (the spans and log records it sent) is compared with ground truth",
    'the harness records on its own: the frames the page presented (`requestVideoFrameCallback`),',
    "the media server's log of what it delayed, throttled or failed, and the page's own timings.",
    'The SDK never contributes to the ground truth.',
    '',
  );
  out.push(row(['run', '']), row(['---', '---']));
  out.push(row(['date', info.date]));
  out.push(row(['machine', info.machine]));
  out.push(row(['Chromium', info.chromium]));
  out.push(row(['Node.js', info.node]));
  out.push(row(['players', players.map((p) => playerVersion(info, p)).join(', ')]));
  out.push(
    row([
      'runtime',
      `${(info.runtimeMs / 1000).toFixed(0)} s for ${results.length} cases (one browser, cases run one after another)`,
    ]),
  );
  out.push('', '## Summary', '');
  out.push(
    `**${totals.passed} of ${totals.comparisons} comparisons within tolerance** in ` +
      `${totals.measured} measured cases; ${totals.failedCases} case(s) with a failure; ` +
      `${totals.notMeasured} case(s) not measured.`,
    '',
  );
  out.push(
    row(['player', 'cases measured', 'comparisons passed', 'cases failed', 'not measured']),
    row(['---', '---:', '---:', '---:', '---']),
  );
  for (const player of players) {
    const mine = results.filter((r) => r.player === player);
    const rows = mine.flatMap((r) => r.rows);
    const skipped = mine.filter(
      (r) => r.status === 'adapter missing' || r.status === 'not applicable',
    );
    const reasons = [...new Set(skipped.map((r) => r.status))];
    out.push(
      row([
        PLAYER_LABELS[player],
        String(mine.filter((r) => r.status === 'measured').length),
        `${rows.filter((r) => r.pass).length} / ${rows.length}`,
        String(
          mine.filter(
            (r) =>
              r.status !== 'adapter missing' && r.status !== 'not applicable' && !casePassed(r),
          ).length,
        ),
        skipped.length === 0 ? '—' : `${skipped.length} (${reasons.join(', ')})`,
      ]),
    );
  }
  out.push('', '## How each metric is measured', '');
  out.push(row(['metric', 'ground truth', 'SDK', 'tolerance']), row(['---', '---', '---', '---']));
  out.push(
    row([
      'startup time',
      'play request (recorded in the page just before `play()`) → the first frame presented after it when nothing was on screen (readyState < 2, no frame yet), else the first frame whose media time is past the frame before it (motion past the pre-rolled still)',
      'duration of the `video.startup` span',
      `±${TOLERANCES.startupMs} ms`,
    ]),
    row([
      'stall count, stall duration',
      `gaps between presented frames longer than ${STALL_GAP_MS} ms while the element was neither paused nor seeking, startup excluded`,
      `\`video.rebuffer\` spans longer than ${STALL_GAP_MS} ms, in order`,
      `count exact, each duration ±${TOLERANCES.rebufferMs} ms`,
    ]),
    row(['seek count', 'seeks the scenario commanded', '`video.seek` spans', 'exact']),
    row([
      'down-/up-switches',
      'changes of the presented frame height (frame callbacks)',
      '`video.quality_change` events by direction',
      'exact',
    ]),
    row([
      'rendered bitrates',
      'the bitrate the manifest advertises for each presented height, in order (none for a plain video element or a lone media playlist, which advertise none)',
      'previous and new bitrate of each `video.quality_change`; without one, `video.bitrate.rendered_avg`',
      'exact',
    ]),
    row([
      'fatal errors, end reason',
      'the player (hls.js `fatal`, Shaka severity 2, any dash.js / Video.js error) or the element reported a fatal error',
      '`video.error` events with severity fatal; `video.view.end_reason`',
      'exact',
    ]),
    row([
      'exit before start, time waited',
      "the page left before any frame of motion; play request → the page's own `pagehide` (sent to the media server as a beacon)",
      '`video.view.exit_before_start`, `video.view.wait_time`',
      `flag exact, time ±${TOLERANCES.exitWaitMs} ms`,
    ]),
    row([
      'stream type',
      'live for the sliding-window playlist, else VOD',
      '`video.stream.type`',
      'exact',
    ]),
  );
  out.push(
    '',
    `Stalls of ${STALL_GAP_MS} ms or less are compared on neither side: the SDK declares a stall after`,
    'more than 250 ms without a new frame, and near that threshold the jitter of frame callbacks',
    'decides whether a gap is one.',
    '',
  );
  out.push('## Scenarios', '');
  for (const scenario of scenarios) {
    out.push(`### ${scenario.title} (\`${scenario.id}\`)`, '', scenario.description, '');
    out.push(row(['player', 'set-up']), row(['---', '---']));
    for (const player of players) {
      const setup = scenario.players[player];
      out.push(
        row([
          PLAYER_LABELS[player],
          'notApplicable' in setup ? `not applicable: ${setup.notApplicable}` : settingsOf(setup),
        ]),
      );
    }
    out.push('');
    out.push(
      row(['player', 'metric', 'ground truth', 'measured', 'error', 'tolerance', 'result']),
      row(['---', '---', '---:', '---:', '---:', '---', '---']),
    );
    for (const result of results.filter((r) => r.scenario === scenario.id)) {
      out.push(...caseRows(result, cited, causes));
    }
    out.push('');
  }
  if (causes.length > 0) {
    out.push('## Causes of the failures', '');
    causes.forEach((cause, index) => {
      const cases = cited
        .filter((f) => f.cause === cause)
        .map((f) => `${PLAYER_LABELS[f.player]} ${f.scenario} (${f.metric})`);
      out.push(cell(`${index + 1}. **${[...new Set(cases)].join('; ')}:** ${cause}`));
    });
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
