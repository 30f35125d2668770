// Shared set-up of the dashboard tests: the generated files as JSON, the contract, and the
// catalogue of every series Mimir may hold (contract, recording rules, receiver, Alloy).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contract } from '../src/contract.js';
import { SelfTelemetry } from '../../receiver/src/adapters/self-telemetry.js';
import { DASHBOARDS } from '../src/catalogue.js';
import {
  alloySeries,
  contractSeries,
  exposedSeries,
  mergeCatalogues,
  recordedSeries,
} from '../src/check/catalogue.js';
import type { SeriesCatalogue } from '../src/check/promql.js';
import type { DashboardJson } from '../src/check/walk.js';
import { DASHBOARD_DIR, REPO_ROOT, RULES_DIR } from '../src/paths.js';

export { contract };

/** The committed dashboard files, parsed. */
export function committedDashboards(): { file: string; json: DashboardJson }[] {
  return DASHBOARDS.map((entry) => ({
    file: entry.file,
    json: JSON.parse(
      readFileSync(join(REPO_ROOT, DASHBOARD_DIR, entry.file), 'utf8'),
    ) as DashboardJson,
  }));
}

export function dashboardByUid(uid: string): DashboardJson {
  const found = committedDashboards().find((d) => d.json.uid === uid);
  if (!found) throw new Error(`no dashboard ${uid}`);
  return found.json;
}

/**
 * The receiver's self-metrics as it really exposes them: the real SelfTelemetry class, every
 * recording method called once, read back in Prometheus text.
 */
export async function receiverExposition(): Promise<string> {
  const telemetry = new SelfTelemetry({
    exportIntervalMs: 0,
    otlpUrl: 'http://127.0.0.1:9',
    tenant: 'default',
    serviceName: 'openqoe-receiver',
    serviceVersion: 'test',
    cardinality: () => [
      [
        'default',
        {
          'video.content.id': {
            policy: 'hash',
            maxCardinality: 1,
            distinct: 1,
            overflowed: 1,
            dropped: 0,
          },
        },
      ],
    ],
  });
  try {
    telemetry.request('/v1/traces', 'rejected', 'auth', 0.002);
    telemetry.itemsReceived('traces', 3, 1);
    telemetry.inFlightChange(1);
    telemetry.forwarded('logs', 'ok', 0.004);
    telemetry.timestampPolicy('corrected', 2);
    return await telemetry.prometheusText();
  } finally {
    await telemetry.shutdown();
  }
}

export async function seriesCatalogue(): Promise<SeriesCatalogue> {
  const fromContract = contractSeries(contract);
  return mergeCatalogues(
    fromContract,
    recordedSeries(RULES_DIR, fromContract),
    exposedSeries(await receiverExposition()),
    alloySeries(),
  );
}
