// What an on-call person relies on: every alert has a severity, a summary, a description and a
// runbook section that exists; every alert and recording rule is covered by promtool cases.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { loadContract } from '@openqoe/contract';
import type { AlertingRule, RecordingRule } from './rule-files.js';
import { RUNBOOKS_PATH, allRules, loadRuleGroups, REPO_ROOT } from './rule-files.js';
import { alertCases } from './promtool-cases/alerts.js';
import { recordingScenarios } from './promtool-cases/recording.js';
import {
  markdownAnchors,
  runbookAnchor,
  runbookQueries,
  runbookQueryProblems,
} from './runbooks.js';

const rules = allRules(loadRuleGroups());
const alerts = rules.filter((rule): rule is AlertingRule => rule.kind === 'alert');
const recorded = rules.filter((rule): rule is RecordingRule => rule.kind === 'record');
const runbooks = readFileSync(RUNBOOKS_PATH, 'utf8');
const anchors = markdownAnchors(runbooks);
const contract = loadContract();

function minutes(duration: string): number {
  const match = /^(\d+)([smh])$/.exec(duration);
  if (!match) throw new Error(`not a simple duration: ${duration}`);
  const factor = { s: 1 / 60, m: 1, h: 60 }[match[2] as 's' | 'm' | 'h'];
  return Number(match[1]) * factor;
}

describe('alert metadata and runbooks', () => {
  it('has alerts to check', () => {
    expect(alerts).to.have.length.greaterThanOrEqual(18);
  });

  for (const alert of alerts) {
    describe(alert.name, () => {
      it('has severity critical or warning and a qoe_signal', () => {
        expect(['critical', 'warning']).to.include(alert.labels.severity);
        expect(alert.labels.qoe_signal).to.match(/^[a-z_]+$/);
      });

      it('has summary, description and a runbook_url whose section exists', () => {
        expect(alert.annotations.summary, 'summary').to.have.length.greaterThan(10);
        expect(alert.annotations.description, 'description').to.have.length.greaterThan(30);
        const anchor = runbookAnchor(alert.annotations.runbook_url ?? '');
        expect(anchor, 'runbook_url').to.equal(alert.name.toLowerCase());
        expect(anchors.has(anchor!), `docs/runbooks.md has no section #${anchor}`).to.equal(true);
      });

      it('waits a sensible time before firing', () => {
        expect(alert.for, 'for').to.be.a('string');
        expect(minutes(alert.for!)).to.be.within(1, 30);
      });
    });
  }

  it('pairs each warning with a critical alert of the same signal where both exist', () => {
    const bySignal = new Map<string, Set<string>>();
    for (const alert of alerts) {
      const severities = bySignal.get(alert.labels.qoe_signal!) ?? new Set<string>();
      severities.add(alert.labels.severity!);
      bySignal.set(alert.labels.qoe_signal!, severities);
    }
    // the pairs Alertmanager's inhibition relies on
    for (const signal of [
      'startup_time',
      'rebuffer_ratio',
      'completion',
      'live_viewers',
      'event_ingest',
    ]) {
      expect([...(bySignal.get(signal) ?? [])].sort(), signal).to.deep.equal([
        'critical',
        'warning',
      ]);
    }
  });

  it('has no runbook section without an alert (a renamed alert leaves none behind)', () => {
    const sections = [...runbooks.matchAll(/^## (\S+)$/gm)].map((m) => m[1]!);
    expect(sections.sort()).to.deep.equal(alerts.map((a) => a.name).sort());
  });

  it('names only recording rules that exist in docs/runbooks.md and mimir/README.md', () => {
    const names = new Set(recorded.map((rule) => rule.name));
    for (const file of ['docs/runbooks.md', 'mimir/README.md']) {
      const text = readFileSync(`${REPO_ROOT}${file}`, 'utf8');
      const mentioned = [...text.matchAll(/openqoe:[a-z0-9_]+:[a-z0-9_]+/g)].map((m) => m[0]);
      expect(mentioned.length, file).to.be.greaterThan(5);
      expect(
        mentioned.filter((name) => !names.has(name)),
        file,
      ).to.deep.equal([]);
    }
  });
});

describe('queries quoted in the runbooks', () => {
  it('every LogQL and TraceQL query parses and names contract spans, events and labels', () => {
    const queries = runbookQueries(runbooks);
    expect(queries.filter((q) => q.language === 'logql')).to.have.length.greaterThan(2);
    expect(queries.filter((q) => q.language === 'traceql')).to.have.length.greaterThan(4);
    expect(runbookQueryProblems(queries, contract)).to.deep.equal([]);
  });

  it('reports a query that does not parse or names something unknown', () => {
    // every name below is wrong on purpose
    const queries = runbookQueries(
      'a `{ name = "video.rebufer" && duration > 2s }`, b `{ span.video.view.nope = true }`, ' +
        'c `{service_name=~".+"} | openqoe_event_name = "video.errors" | error_kind = "x"`, ' +
        'd `{ name = "video.seek" && duration > }`',
    );
    expect(runbookQueryProblems(queries, contract)).to.deep.equal([
      'unknown span video.rebufer: { name = "video.rebufer" && duration > 2s }',
      'unknown attribute video.view.nope: { span.video.view.nope = true }',
      'unknown event video.errors: {service_name=~".+"} | openqoe_event_name = "video.errors" | error_kind = "x"',
      'unknown label error_kind: {service_name=~".+"} | openqoe_event_name = "video.errors" | error_kind = "x"',
      'traceql does not parse: { name = "video.seek" && duration > }',
    ]);
  });
});

describe('runbook anchors', () => {
  it('derives GitHub-style anchors from headings', () => {
    const found = markdownAnchors(
      '# Title\n## VideoStartupTimeCritical\n## How the alerts are built\n```\n## not a heading\n```\n',
    );
    expect([...found]).to.deep.equal([
      'title',
      'videostartuptimecritical',
      'how-the-alerts-are-built',
    ]);
  });

  it('accepts only docs/runbooks.md#<anchor> runbook URLs', () => {
    expect(runbookAnchor('docs/runbooks.md#noeventsreceived')).to.equal('noeventsreceived');
    expect(runbookAnchor('https://example.com/runbooks/no-events')).to.equal(undefined);
    expect(runbookAnchor('docs/runbooks.md')).to.equal(undefined);
  });
});

describe('promtool case coverage', () => {
  const cases = alertCases(contract);
  const scenarios = recordingScenarios(contract);

  for (const alert of alerts) {
    it(`${alert.name} has a firing case and a silent case`, () => {
      const own = cases.filter((c) => c.alert === alert.name);
      const firing = own.filter((c) => c.kind === 'fires');
      expect(firing, 'fires').to.have.length.greaterThan(0);
      expect(firing.every((c) => c.firing.length > 0)).to.equal(true);
      const silent = own.filter((c) => c.kind === 'silent');
      expect(silent, 'silent').to.have.length.greaterThan(0);
      expect(own.filter((c) => c.kind !== 'fires').every((c) => c.firing.length === 0)).to.equal(
        true,
      );
    });
  }

  it('every recording rule has an expected non-empty result in some scenario', () => {
    const covered = new Set(
      scenarios.flatMap((s) =>
        Object.entries(s.expected)
          .filter(([, samples]) => samples.length > 0)
          .map(([rule]) => rule),
      ),
    );
    expect(recorded.map((rule) => rule.name).filter((name) => !covered.has(name))).to.deep.equal(
      [],
    );
  });

  it('cases name only existing rules', () => {
    const names = new Set(rules.map((rule) => rule.name));
    const named = [
      ...cases.map((c) => c.alert),
      ...scenarios.flatMap((s) => Object.keys(s.expected)),
    ];
    expect(named.filter((name) => !names.has(name))).to.deep.equal([]);
  });
});
