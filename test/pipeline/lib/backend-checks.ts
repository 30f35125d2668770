// Static checks of the Mimir, Loki and Tempo configurations for the compose stack: multi-tenancy,
// 30-day retention, exemplars, the ruler and Alertmanager files, Tempo's ingestion slack (P4), and
// that every data path lies on the service's volume.
import { asRecord, at } from './files.js';

const THIRTY_DAYS_HOURS = 30 * 24;

/** `${VAR:-default}` → default (what the config means when VAR is unset). */
export function envDefault(value: unknown): string {
  return String(value ?? '').replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');
}

/** Hours in a Prometheus-style duration (`720h`, `30d`, `1h30m`); NaN when unreadable. */
export function hours(value: unknown): number {
  const text = envDefault(value);
  const units: Record<string, number> = { w: 168, d: 24, h: 1, m: 1 / 60, s: 1 / 3600 };
  let total = 0;
  let rest = text;
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(w|d|h|m|s)/.exec(rest);
    if (!match) return Number.NaN;
    total += Number(match[1]) * units[match[2]!]!;
    rest = rest.slice(match[0].length);
  }
  return text === '' ? Number.NaN : total;
}

function under(path: unknown, root: string): boolean {
  return typeof path === 'string' && (path === root || path.startsWith(`${root}/`));
}

export function mimirProblems(mimir: unknown, dataMount: string): string[] {
  const problems: string[] = [];
  if (at(mimir, 'multitenancy_enabled') !== true)
    problems.push('mimir: multitenancy_enabled must be true');
  const targets = String(at(mimir, 'target') ?? '').split(',');
  for (const t of ['all', 'alertmanager'])
    if (!targets.includes(t)) problems.push(`mimir: target must include ${t}`);
  if (hours(at(mimir, 'limits.compactor_blocks_retention_period')) !== THIRTY_DAYS_HOURS) {
    problems.push('mimir: limits.compactor_blocks_retention_period must be 30 days');
  }
  if (!(Number(at(mimir, 'limits.max_global_exemplars_per_user')) > 0)) {
    problems.push('mimir: limits.max_global_exemplars_per_user must be > 0 (exemplars)');
  }
  if (at(mimir, 'limits.otel_metric_suffixes_enabled') !== false) {
    problems.push('mimir: limits.otel_metric_suffixes_enabled must be false (contract names kept)');
  }
  const strategy = at(mimir, 'limits.otel_translation_strategy');
  if (strategy !== undefined && strategy !== 'UnderscoreEscapingWithoutSuffixes') {
    problems.push(
      `mimir: otel_translation_strategy ${String(strategy)} would rename contract metrics`,
    );
  }
  if (at(mimir, 'ruler_storage.backend') !== 'local')
    problems.push('mimir: ruler_storage.backend must be local');
  for (const path of [
    'blocks_storage.filesystem.dir',
    'blocks_storage.tsdb.dir',
    'blocks_storage.bucket_store.sync_dir',
    'compactor.data_dir',
    'ruler.rule_path',
    'alertmanager.data_dir',
    'alertmanager_storage.filesystem.dir',
  ]) {
    if (!under(at(mimir, path), dataMount))
      problems.push(`mimir: ${path} must lie on the data volume ${dataMount}`);
  }
  return problems;
}

export function lokiProblems(loki: unknown, dataMount: string): string[] {
  const problems: string[] = [];
  if (at(loki, 'auth_enabled') !== true)
    problems.push('loki: auth_enabled must be true (multi-tenancy)');
  if (hours(at(loki, 'limits_config.retention_period')) !== THIRTY_DAYS_HOURS) {
    problems.push('loki: limits_config.retention_period must be 30 days');
  }
  if (at(loki, 'compactor.retention_enabled') !== true)
    problems.push('loki: compactor.retention_enabled must be true');
  if (at(loki, 'limits_config.allow_structured_metadata') === false) {
    problems.push('loki: structured metadata must be allowed (OTLP attributes)');
  }
  // Loki refuses to start when index_label is used outside resource_attributes.
  for (const section of ['log_attributes', 'scope_attributes']) {
    const rules = (at(loki, `limits_config.otlp_config.${section}`) as unknown[] | undefined) ?? [];
    if (rules.some((r) => asRecord(r).action === 'index_label')) {
      problems.push(
        `loki: otlp_config.${section} may not use index_label (resource attributes only)`,
      );
    }
  }
  const schemas = (at(loki, 'schema_config.configs') as unknown[] | undefined) ?? [];
  const last = asRecord(schemas[schemas.length - 1]);
  if (last.schema !== 'v13' || last.store !== 'tsdb')
    problems.push('loki: the current schema must be v13 on tsdb (OTLP)');
  for (const path of [
    'common.path_prefix',
    'common.storage.filesystem.chunks_directory',
    'compactor.working_directory',
  ]) {
    if (!under(at(loki, path), dataMount))
      problems.push(`loki: ${path} must lie on the data volume ${dataMount}`);
  }
  return problems;
}

export function tempoProblems(tempo: unknown, dataMount: string): string[] {
  const problems: string[] = [];
  if (at(tempo, 'multitenancy_enabled') !== true)
    problems.push('tempo: multitenancy_enabled must be true');
  if (hours(at(tempo, 'backend_worker.compaction.block_retention')) !== THIRTY_DAYS_HOURS) {
    problems.push('tempo: backend_worker.compaction.block_retention must be 30 days');
  }
  for (const path of [
    'storage.trace.wal.ingestion_time_range_slack',
    'live_store.wal.ingestion_time_range_slack',
  ]) {
    if (!(hours(at(tempo, path)) >= 1))
      problems.push(`tempo: ${path} must be at least 1h for long views (P4)`);
  }
  // `${TEMPO_METRICS_GENERATOR_PROCESSORS:-[]}`: off unless the environment switches it on.
  const processors = envDefault(at(tempo, 'overrides.defaults.metrics_generator.processors'));
  if (processors.replace(/\s/g, '') !== '[]') {
    problems.push(
      `tempo: the metrics generator must be off by default, processors are ${processors}`,
    );
  }
  for (const path of [
    'storage.trace.wal.path',
    'storage.trace.local.path',
    'live_store.wal.path',
    'metrics_generator.storage.path',
  ]) {
    if (!under(at(tempo, path), dataMount))
      problems.push(`tempo: ${path} must lie on the data volume ${dataMount}`);
  }
  return problems;
}
