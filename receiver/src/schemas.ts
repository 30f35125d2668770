// Compiles the JSON Schemas generated from the telemetry contract (contract/telemetry.yaml →
// src/generated/schemas) into ajv validators, once, at start-up.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

export type PayloadKind = 'traces' | 'logs' | 'legacyEvents';

const SCHEMA_FILES: Record<PayloadKind, string> = {
  traces: 'otlp-traces.schema.json',
  logs: 'otlp-logs.schema.json',
  legacyEvents: 'legacy-events.schema.json',
};

// The generated schemas sit beside the sources; the build copies them next to the compiled code.
const SCHEMA_DIR = new URL('./generated/schemas/', import.meta.url);

export function compileContractSchemas(): Record<PayloadKind, ValidateFunction> {
  // `discriminator` lets ajv pick an attribute's schema by its key in one lookup.
  const ajv = new Ajv({ discriminator: true, allowUnionTypes: true, allErrors: false });
  const compile = (file: string): ValidateFunction =>
    ajv.compile(JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as object);
  return {
    traces: compile(SCHEMA_FILES.traces),
    logs: compile(SCHEMA_FILES.logs),
    legacyEvents: compile(SCHEMA_FILES.legacyEvents),
  };
}
