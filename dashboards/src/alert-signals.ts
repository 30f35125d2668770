// "Alert signals" rows: the recorded series (mimir/rules/**) the alerts evaluate, drawn with the
// alerts' own thresholds, so what pages someone is on the dashboard exactly as the ruler sees it.
// Thresholds are read from the alert rules, not repeated here: an alert retuned in
// mimir/rules/default/openqoe-alerts.yaml moves its dashboard line with it. These panels are
// tenant-wide and ignore the dashboard's filter variables, as the alerts do.
import { readAlertingRules, type AlertingRule } from './check/recording-rules.js';
import { lowerIsBetter, higherIsBetter } from './thresholds.js';
import { timeSeries, type PanelBuilderOf } from './panels.js';
import { RULES_DIR } from './paths.js';
import { prom } from './queries.js';
import { recordedSeries } from './recorded.js';
import type { Unit } from './units.js';

/** The alerts of mimir/rules/, read once. */
const ALERTS = readAlertingRules(RULES_DIR);

/** The comparison an alert starts with: `<recorded series>{matchers} <op> <number>`. */
export interface AlertCondition {
  readonly alert: string;
  readonly severity: string;
  /** The recorded series with the alert's own matchers, e.g. `openqoe:x:p95_5m{a!="b"}`. */
  readonly selector: string;
  readonly op: '>' | '<';
  readonly threshold: number;
}

const LEADING_COMPARISON = /^\s*(openqoe:[\w:]+)(\{[^}]*\})?\s*([<>])\s*(-?[0-9.]+)\s*$/m;

/** The leading comparison of an alert; throws when the alert is missing or has none. */
export function alertCondition(
  alert: string,
  rules: readonly AlertingRule[] = ALERTS,
): AlertCondition {
  const rule = rules.find((candidate) => candidate.alert === alert);
  if (rule === undefined) throw new Error(`${alert} is not an alert in mimir/rules/`);
  const match = LEADING_COMPARISON.exec(rule.expr.split('\n')[0] ?? '');
  if (match === null) {
    throw new Error(`${alert}: its expression does not start with "<recorded series> > <number>"`);
  }
  const [, series, matchers, op, threshold] = match as unknown as [
    string,
    string,
    string | undefined,
    '>' | '<',
    string,
  ];
  return {
    alert,
    severity: rule.labels.severity ?? 'none',
    selector: `${recordedSeries(series)}${matchers ?? ''}`,
    op,
    threshold: Number(threshold),
  };
}

export interface AlertSignal {
  readonly title: string;
  /** What the series is; the alerts and their thresholds are appended. */
  readonly description: string;
  readonly unit: Unit;
  /** Alerts on the same series, e.g. its warning and critical levels. */
  readonly alerts: readonly string[];
  /** Legend from the series' labels, e.g. `{{video_player_name}}`. */
  readonly legend: string;
}

/** One panel: the alerts' series with their levels as dashed threshold lines. */
export function alertSignalPanel(signal: AlertSignal): PanelBuilderOf {
  const conditions = signal.alerts.map((alert) => alertCondition(alert));
  const selectors = new Set(conditions.map((c) => c.selector));
  const ops = new Set(conditions.map((c) => c.op));
  if (selectors.size !== 1 || ops.size !== 1) {
    throw new Error(`${signal.title}: its alerts must compare one series in one direction`);
  }
  const levels = conditions.map((c) => c.threshold).sort((a, b) => a - b);
  const lowerIsBad = ops.has('<');
  // One alert: its level is the red line; two: the milder is orange, the stricter red.
  const [mild, strict] = lowerIsBad
    ? [levels[levels.length - 1] as number, levels[0] as number]
    : [levels[0] as number, levels[levels.length - 1] as number];
  const thresholds = lowerIsBad ? higherIsBetter(strict, mild) : lowerIsBetter(mild, strict);
  const named = conditions
    .map(
      (c) => `${c.alert} (${c.severity}) fires ${c.op === '>' ? 'above' : 'below'} ${c.threshold}`,
    )
    .join('; ');
  return timeSeries({
    title: signal.title,
    description: `${signal.description} The recorded series ${[...selectors][0]}, tenant-wide and unfiltered by this dashboard's variables, as the alerts evaluate it: ${named} (mimir/rules/default/openqoe-alerts.yaml, runbooks in docs/runbooks.md).`,
    unit: signal.unit,
    thresholds,
    showThresholds: true,
    width: 8,
    queries: [prom([...selectors][0] as string, { legend: signal.legend })],
  });
}

/** A row of alert-signal panels. */
export function alertSignalsRow(signals: readonly AlertSignal[]) {
  return { title: 'Alert signals (as the alerts see them)', panels: signals.map(alertSignalPanel) };
}
