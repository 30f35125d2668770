import { expect } from 'chai';
import { FIXED_DATASOURCE_UIDS } from '../src/datasources.js';
import { defaultValues, substitute } from '../src/check/substitute.js';
import {
  panelsOf,
  queriesOf,
  type DashboardJson,
  type DataSourceJson,
  type PanelJson,
} from '../src/check/walk.js';
import { committedDashboards, dashboardByUid } from './helpers.js';

const MIN_PANELS: Record<string, number> = {
  'openqoe-vod': 21,
  'openqoe-live': 11,
  'openqoe-quality': 12,
  'openqoe-impact': 14,
  'openqoe-session': 7,
  'openqoe-pipeline': 12,
};

/** Panel types that show numbers and so need a unit. */
const NUMERIC_TYPES = new Set([
  'timeseries',
  'stat',
  'gauge',
  'bargauge',
  'heatmap',
  'piechart',
  'barchart',
  'table',
]);

/** Problems with a data source reference: fixed uid, or a data source variable defaulting to one. */
function dataSourceProblems(ref: DataSourceJson | undefined, dashboard: DashboardJson): string[] {
  if (!ref?.uid) return ['no data source'];
  const variable = /^\$\{(\w+)\}$/.exec(ref.uid)?.[1];
  if (!variable)
    return FIXED_DATASOURCE_UIDS.includes(ref.uid) ? [] : [`uid ${ref.uid} is not a fixed uid`];
  const def = dashboard.templating?.list?.find((v) => v.name === variable);
  if (!def || def.type !== 'datasource') return [`\${${variable}} is not a data source variable`];
  const problems: string[] = [];
  if (def.query !== ref.type)
    problems.push(`\${${variable}} selects ${String(def.query)}, query is ${ref.type}`);
  if (!FIXED_DATASOURCE_UIDS.includes(String(def.current?.value))) {
    problems.push(`\${${variable}} defaults to ${String(def.current?.value)}, not a fixed uid`);
  }
  return problems;
}

function panelProblems(panel: PanelJson): string[] {
  const problems: string[] = [];
  if ((panel.description ?? '').trim().length < 20) problems.push('no description');
  if (NUMERIC_TYPES.has(panel.type) && !panel.fieldConfig?.defaults?.unit) problems.push('no unit');
  if (
    (panel.type === 'stat' || panel.type === 'bargauge') &&
    !panel.fieldConfig?.defaults?.thresholds
  ) {
    problems.push('no thresholds');
  }
  if (panel.type === 'heatmap' && !(panel.options?.yAxis as { unit?: string } | undefined)?.unit) {
    problems.push('heatmap without a bucket unit');
  }
  if ((panel.targets ?? []).length === 0) problems.push('no query');
  return problems;
}

describe('dashboards: structure', () => {
  const dashboards = committedDashboards();

  it('are the six fixed uids, each once', () => {
    expect(dashboards.map((d) => d.json.uid)).to.have.members(Object.keys(MIN_PANELS));
  });

  for (const { file, json } of dashboards) {
    describe(`${file} (${json.uid})`, () => {
      const panels = panelsOf(json);

      it(`has at least ${MIN_PANELS[json.uid]} panels`, () => {
        expect(panels.length).to.be.at.least(MIN_PANELS[json.uid] ?? Infinity);
      });

      it('gives every panel a description, a query, and a unit and thresholds where it shows numbers', () => {
        const problems = panels.flatMap((p) => panelProblems(p).map((m) => `${p.title}: ${m}`));
        expect(problems).to.deep.equal([]);
      });

      it('reads only the fixed data sources, directly or through a data source variable', () => {
        const problems = [
          ...panels.flatMap((p) =>
            (p.datasource ? dataSourceProblems(p.datasource, json) : []).map(
              (m) => `${p.title}: ${m}`,
            ),
          ),
          ...queriesOf(json).flatMap((q) =>
            dataSourceProblems(q.datasource, json).map((m) => `${q.panel}: ${m}`),
          ),
        ];
        expect(problems).to.deep.equal([]);
      });

      it('uses only variables it defines', () => {
        const values = defaultValues(json);
        const unknown = queriesOf(json).flatMap((q) =>
          substitute(q.text, values).unknown.map((v) => `${q.panel}: $${v}`),
        );
        expect(unknown).to.deep.equal([]);
      });

      it('has unique panel ids and panels inside the 24-column grid', () => {
        const ids = (json.panels ?? []).map((p) => p.id);
        expect(new Set(ids).size).to.equal(ids.length);
        for (const panel of json.panels ?? []) {
          const grid = panel.gridPos as { x: number; w: number };
          expect(grid.x + grid.w, String(panel.title)).to.be.at.most(24);
        }
      });

      it('explains the tenant choice on its data source variables', () => {
        const sources = (json.templating?.list ?? []).filter((v) => v.type === 'datasource');
        expect(sources.length).to.be.greaterThan(0);
        for (const v of sources) expect(String(v.description)).to.include('X-Scope-OrgID');
      });
    });
  }

  describe('the checks themselves', () => {
    const vod = dashboardByUid('openqoe-vod');

    it('catch a panel without description, unit or thresholds', () => {
      expect(panelProblems({ type: 'stat', title: 'x', targets: [{}] })).to.have.members([
        'no description',
        'no unit',
        'no thresholds',
      ]);
      expect(
        panelProblems({
          type: 'logs',
          title: 'x',
          description: 'the latest player errors in Loki',
        }),
      ).to.deep.equal(['no query']);
    });

    it('catch a foreign data source uid and a variable that defaults to one', () => {
      expect(
        dataSourceProblems({ type: 'prometheus', uid: 'grafanacloud-prom' }, vod),
      ).to.have.length(1);
      const changed = structuredClone(vod);
      const variable = changed.templating?.list?.find((v) => v.name === 'datasource');
      if (variable) variable.current = { text: 'other', value: 'some-other-mimir' };
      expect(
        dataSourceProblems({ type: 'prometheus', uid: '${datasource}' }, changed),
      ).to.have.length(1);
      expect(dataSourceProblems({ type: 'loki', uid: '${datasource}' }, vod)).to.have.length(1);
      expect(dataSourceProblems({ type: 'prometheus', uid: '${nope}' }, vod)).to.have.length(1);
      expect(dataSourceProblems({ type: 'prometheus', uid: '${datasource}' }, vod)).to.deep.equal(
        [],
      );
    });

    it('catch a query naming a variable the dashboard lacks', () => {
      expect(
        substitute('rate(x{a=~"$nope"}[$__rate_interval])', defaultValues(vod)).unknown,
      ).to.deep.equal(['nope']);
    });
  });
});

describe('dashboards: cross-links and exemplars', () => {
  it('the Playback session opens the trace and its player events by trace id', () => {
    const session = dashboardByUid('openqoe-session');
    const panels = panelsOf(session);
    const trace = panels.find((p) => p.type === 'traces');
    expect(trace?.targets?.[0]?.query).to.equal('${trace_id}');
    const events = queriesOf(session).filter((q) => q.language === 'logql');
    expect(events.length).to.be.at.least(2);
    for (const q of events) expect(q.text).to.include('trace_id="$trace_id"');
  });

  it('every trace search table links its rows to the Playback session by trace id', () => {
    const tables = committedDashboards()
      .flatMap((d) => panelsOf(d.json))
      .filter((p) => p.type === 'table' && p.targets?.some((t) => t.datasource?.type === 'tempo'));
    expect(tables.length).to.be.at.least(6);
    for (const table of tables) {
      const target = table.targets?.[0] as { tableType?: string };
      const overrides = JSON.stringify(table.fieldConfig?.overrides);
      // Tempo's frames: traces tables show `traceID`; spans tables `spanID` with `traceIdHidden`.
      const expected =
        target.tableType === 'spans'
          ? ['"spanID"', '/d/openqoe-session?var-trace_id=${__data.fields.traceIdHidden}']
          : ['"traceID"', '/d/openqoe-session?var-trace_id=${__value.raw}'];
      for (const part of expected) expect(overrides, String(table.title)).to.include(part);
    }
    expect(
      tables.some((t) => (t.targets?.[0] as { tableType?: string }).tableType === 'spans'),
    ).to.equal(true);
  });

  it('startup panels ask Mimir for exemplars', () => {
    const vod = dashboardByUid('openqoe-vod');
    const heat = panelsOf(vod).find(
      (p) => p.type === 'heatmap' && String(p.title).includes('startup'),
    );
    expect(heat?.targets?.every((t) => t.exemplar === true)).to.equal(true);
  });
});
