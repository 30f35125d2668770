// Playback session drill-down: find a view (by content, viewer hash, slow start, failure, long
// stall) with TraceQL searches in Tempo, then open it: the trace (one per view) in Tempo's trace
// view, its player events from Loki beside it, filtered by the trace id Loki's OTLP ingest keeps
// as structured metadata `trace_id`.
import { assemble } from '../assemble.js';
import { viewLogs } from '../logql.js';
import { logs, timeSeries, traceTable, traceView } from '../panels.js';
import { loki, traceById } from '../queries.js';
import { field, spanNamed, spansWhere } from '../traceql.js';
import { UNIT } from '../units.js';
import { dataSourceVariables, filterVariable, textVariable } from '../variables.js';
import { SESSION_LINK, SESSION_UID } from './links.js';

export { SESSION_UID };

/**
 * The view spans matching the dashboard's player, stream type and device filters. A search for
 * startups or stalls pairs its spanset with the filtered view span of the same trace
 * (`{ … } && { … }`), so it narrows alike whatever the child spans carry.
 */
function viewSpans(...conditions: readonly string[]): string {
  return spansWhere(
    spanNamed('video.view'),
    `${field('video.player.name')} =~ "$player"`,
    `${field('video.stream.type')} =~ "$stream"`,
    `${field('video.device.type')} =~ "$device"`,
    ...conditions,
  );
}

export function sessionDashboard() {
  const openView =
    'Click a trace id to open that view below (sets the trace_id variable). Narrowed by the player, stream type and device variables.';
  return assemble({
    uid: SESSION_UID,
    title: 'OpenQoE / Playback session',
    description:
      'Find one playback view and see everything about it: its trace (startup, stalls, seeks) and its player events.',
    from: 'now-24h',
    variables: [
      ...dataSourceVariables({ metrics: true, logs: true, traces: true }),
      filterVariable('player'),
      filterVariable('stream'),
      filterVariable('device'),
      textVariable(
        'content',
        'Content id (regex)',
        'Regular expression over video.content.id of the views to list.',
        '.*',
      ),
      textVariable(
        'viewer',
        'Viewer hash',
        'user.hash of one viewer (the keyed hash the SDK sends, never a raw id).',
        '',
      ),
      textVariable(
        'slow_start',
        'Slow start above',
        'Startup duration above which a start counts as slow (TraceQL duration, e.g. 2s).',
        '2s',
      ),
      textVariable(
        'trace_id',
        'View (trace id)',
        'Trace id of the view to open; equal to video.view.id. Set by clicking a trace id in the tables.',
        '',
      ),
    ],
    rows: [
      {
        title: 'Find a view',
        panels: [
          traceTable({
            title: 'Views of content',
            description: `Views (root spans video.view) whose content id matches the Content variable. ${openView}`,
            traceLink: SESSION_LINK,
            width: 12,
            rows: 'traces',
            traceql: viewSpans(`${field('video.content.id')} =~ "$content"`),
          }),
          traceTable({
            title: 'Views of a viewer',
            description: `Views of the viewer whose hash is in the Viewer hash variable (resource attribute user.hash). ${openView}`,
            traceLink: SESSION_LINK,
            width: 12,
            rows: 'traces',
            traceql: viewSpans(`${field('user.hash')} = "$viewer"`),
          }),
          traceTable({
            title: 'Slow starts',
            description: `Startups (video.startup spans) longer than the Slow start variable. ${openView}`,
            traceLink: SESSION_LINK,
            width: 8,
            rows: 'traces',
            traceql: `${viewSpans()} && ${spansWhere(spanNamed('video.startup'), 'duration > $slow_start')}`,
          }),
          traceTable({
            title: 'Failed views',
            description: `Views that ended on a fatal player error (video.view.end_reason = fatal_error). ${openView}`,
            traceLink: SESSION_LINK,
            width: 8,
            rows: 'traces',
            traceql: viewSpans(`${field('video.view.end_reason')} = "fatal_error"`),
          }),
          traceTable({
            title: 'Long stalls',
            description: `Stalls (video.rebuffer spans) longer than 2 s. ${openView}`,
            traceLink: SESSION_LINK,
            width: 8,
            rows: 'spans',
            traceql: `${viewSpans()} && ${spansWhere(spanNamed('video.rebuffer'), 'duration > 2s')}`,
          }),
        ],
      },
      {
        title: 'The view',
        panels: [
          traceView({
            title: 'View trace',
            description:
              "The view's trace from Tempo: root span video.view with its totals, and its startup, stall and seek spans. Set the trace_id variable (or click a trace id above).",
            width: 14,
            queries: [traceById('trace_id')],
          }),
          logs({
            title: 'Player events of this view',
            description:
              "Every player event of the view from Loki, newest first, matched on the structured metadata trace_id that Loki's OTLP ingest keeps from the log record.",
            width: 10,
            height: 16,
            queries: [loki(viewLogs('trace_id'), { maxLines: 1000 })],
          }),
          timeSeries({
            title: 'Events of this view by name',
            description:
              "The view's player events per interval, by event name (openqoe.event.name, copied from the record's EventName by Alloy).",
            unit: UNIT.count,
            bars: true,
            stacked: true,
            width: 14,
            queries: [
              loki(
                `sum by (openqoe_event_name) (count_over_time(${viewLogs('trace_id')} [$__auto]))`,
                { legend: '{{openqoe_event_name}}' },
              ),
            ],
          }),
          logs({
            title: 'Errors of this view',
            description:
              "The view's video.error events: normalised type, player code and message, severity, before or after start.",
            width: 10,
            height: 8,
            queries: [loki(viewLogs('trace_id', 'video.error'), { maxLines: 100 })],
          }),
        ],
      },
    ],
  });
}
