// Every dashboard the project provisions, with the file it is written to.
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { impactDashboard } from './dashboards/impact.js';
import { liveDashboard } from './dashboards/live.js';
import { pipelineDashboard } from './dashboards/pipeline.js';
import { qualityDashboard } from './dashboards/quality.js';
import { sessionDashboard } from './dashboards/session.js';
import { vodDashboard } from './dashboards/vod.js';

export interface DashboardEntry {
  /** File name under grafana/dashboards/. */
  readonly file: string;
  readonly build: () => Dashboard;
}

export const DASHBOARDS: readonly DashboardEntry[] = [
  { file: 'vod.json', build: vodDashboard },
  { file: 'live.json', build: liveDashboard },
  { file: 'quality.json', build: qualityDashboard },
  { file: 'impact.json', build: impactDashboard },
  { file: 'session.json', build: sessionDashboard },
  { file: 'pipeline.json', build: pipelineDashboard },
];
