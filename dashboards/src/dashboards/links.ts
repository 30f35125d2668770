// Links between dashboards: from any list of views to the Playback session drill-down.
export const SESSION_UID = 'openqoe-session';

/**
 * Opens a view in the Playback session dashboard, same time range. Tempo's search frames carry the
 * trace id in `traceID` (a table of traces: the clicked cell) or in the hidden `traceIdHidden`
 * field (a table of spans, clicked on `spanID`).
 */
export const SESSION_LINK = {
  title: 'Open this view',
  url: (traceId: string) => `/d/${SESSION_UID}?var-trace_id=${traceId}&\${__url_time_range}`,
} as const;
