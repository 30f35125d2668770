import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertCondition } from '../src/alert-signals.js';
import { readAlertingRules, type AlertingRule } from '../src/check/recording-rules.js';
import { panelsOf } from '../src/check/walk.js';
import { dashboardByUid } from './helpers.js';

/** The alerting rules of a rules directory holding one alert `A` with this expression. */
function rulesWith(expr: string): AlertingRule[] {
  const dir = mkdtempSync(join(tmpdir(), 'alert-signals-'));
  writeFileSync(
    join(dir, 'alerts.yaml'),
    `groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: |\n          ${expr}\n        labels: { severity: warning }\n`,
  );
  return readAlertingRules(dir);
}

describe('alert signals: thresholds read from the alert rules', () => {
  it('reads the leading comparison of an alert, matchers included', () => {
    expect(alertCondition('VideoStartupTimeCritical')).to.deep.equal({
      alert: 'VideoStartupTimeCritical',
      severity: 'critical',
      selector: 'openqoe:video_startup_seconds:p95_5m{video_stream_type!="live"}',
      op: '>',
      threshold: 3,
    });
    expect(alertCondition('CompletionRateCritical')).to.include({ op: '<', threshold: 0.25 });
  });

  it('names an alert that does not exist, or one that does not start with a comparison', () => {
    expect(() => alertCondition('NoSuchAlert')).to.throw(/NoSuchAlert is not an alert/);
    expect(() =>
      alertCondition('A', rulesWith('(openqoe:events:rate5m or vector(0)) == 0')),
    ).to.throw(/does not start with/);
    expect(() => alertCondition('A', rulesWith('openqoe:no_such:series > 1'))).to.throw(
      /not a recording rule/,
    );
  });

  it("draws each alerted series with its alerts' levels as thresholds", () => {
    const expected: [string, string, number[]][] = [
      ['openqoe-vod', 'Startup time P95 (alerted)', [2, 3]],
      ['openqoe-vod', 'Completion rate by video (alerted)', [0.25, 0.5]],
      ['openqoe-live', 'Live join time P95 (alerted)', [5]],
      ['openqoe-quality', 'Dropped frames per second played (alerted)', [10]],
    ];
    for (const [uid, title, levels] of expected) {
      const panel = panelsOf(dashboardByUid(uid)).find((p) => p.title === title);
      expect(panel, title).to.not.equal(undefined);
      const defaults = panel?.fieldConfig?.defaults as {
        thresholds?: { steps: { value: number | null }[] };
      };
      const steps = (defaults.thresholds?.steps ?? [])
        .map((s) => s.value)
        .filter((v): v is number => v !== null);
      for (const level of levels) expect(steps, title).to.include(level);
      expect(panel?.description, title).to.match(/tenant-wide/);
    }
  });
});
