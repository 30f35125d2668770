// Reads telemetry.yaml into a typed, cross-checked Contract. Every problem is collected and
// reported at once, each naming the offending place, so a broken contract is fixed in one pass.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type {
  AttributeDef,
  Contract,
  EventDef,
  MetricDef,
  MetricSource,
  SpanDef,
  AttributeType,
  CardinalityClass,
  LabelPolicy,
  Setter,
  MetricType,
} from './model.js';
import { rawContractSchema } from './raw-schema.js';
import { contractProblems } from './validate.js';

export const CONTRACT_PATH = fileURLToPath(new URL('../telemetry.yaml', import.meta.url));

export class ContractError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid telemetry contract:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ContractError';
  }
}

interface RawAttribute {
  brief: string;
  type: AttributeType;
  cardinality: CardinalityClass;
  set_by: Setter;
  unit?: string;
  max_length?: number;
  enum?: (string | number)[];
  max_cardinality?: number;
  policy?: LabelPolicy;
  semconv?: boolean;
  requirement?: string;
}
interface RawSet {
  required?: string[];
  optional?: string[];
}
interface RawSpan extends RawSet {
  brief: string;
  parent: string | null;
  requirement?: string;
}
interface RawEvent extends RawSet {
  brief: string;
  legacy?: string;
}
interface RawMetric {
  type: MetricType;
  unit: string;
  brief: string;
  definition?: string;
  from: {
    signal: 'span' | 'log';
    span?: string;
    event?: string;
    value: string;
    where?: Record<string, string | number | boolean>;
  };
  labels: string[];
  buckets?: number[];
}
interface RawContract {
  version: number;
  overflow_value: string;
  semconv_version: string;
  limits: {
    attributes_per_item: number;
    items_per_request: number;
    array_length: number;
    string_length: number;
  };
  attributes: Record<string, RawAttribute>;
  resource: Required<RawSet>;
  common: string[];
  spans: Record<string, RawSpan>;
  events: Record<string, RawEvent>;
  metrics: Record<string, RawMetric>;
}

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const checkRawShape = ajv.compile<RawContract>(rawContractSchema);

/** Parses contract text (YAML); throws ContractError listing every problem found. */
export function parseContract(text: string): Contract {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ContractError([`not valid YAML: ${(error as Error).message}`]);
  }
  if (!checkRawShape(raw)) {
    throw new ContractError(
      (checkRawShape.errors ?? []).map(
        (e) => `${e.instancePath || '(top level)'}: ${e.message ?? 'is invalid'}`,
      ),
    );
  }
  const contract = toModel(raw);
  const problems = contractProblems(contract);
  if (problems.length > 0) throw new ContractError(problems);
  return contract;
}

export function loadContract(path: string = CONTRACT_PATH): Contract {
  return parseContract(readFileSync(path, 'utf8'));
}

function toModel(raw: RawContract): Contract {
  const attributes = new Map<string, AttributeDef>();
  for (const [name, a] of Object.entries(raw.attributes)) {
    attributes.set(name, {
      name,
      brief: a.brief,
      type: a.type,
      cardinality: a.cardinality,
      setBy: a.set_by,
      unit: a.unit,
      maxLength: a.max_length,
      enum: a.enum,
      maxCardinality: a.max_cardinality,
      policy: a.policy,
      semconv: a.semconv ?? false,
      requirement: a.requirement,
    });
  }
  const spans = new Map<string, SpanDef>();
  for (const [name, s] of Object.entries(raw.spans)) {
    spans.set(name, {
      name,
      brief: s.brief,
      parent: s.parent,
      requirement: s.requirement,
      required: s.required ?? [],
      optional: s.optional ?? [],
    });
  }
  const events = new Map<string, EventDef>();
  for (const [name, e] of Object.entries(raw.events)) {
    events.set(name, {
      name,
      brief: e.brief,
      legacy: e.legacy,
      required: e.required ?? [],
      optional: e.optional ?? [],
    });
  }
  const metrics = new Map<string, MetricDef>();
  for (const [name, m] of Object.entries(raw.metrics)) {
    const source: MetricSource = {
      signal: m.from.signal,
      name: (m.from.signal === 'span' ? m.from.span : m.from.event) ?? '',
      value: m.from.value,
      where: m.from.where,
    };
    metrics.set(name, {
      name,
      type: m.type,
      unit: m.unit,
      brief: m.brief,
      definition: m.definition,
      from: source,
      labels: m.labels,
      buckets: m.buckets,
    });
  }
  return {
    version: raw.version,
    limits: {
      attributesPerItem: raw.limits.attributes_per_item,
      itemsPerRequest: raw.limits.items_per_request,
      arrayLength: raw.limits.array_length,
      stringLength: raw.limits.string_length,
    },
    overflowValue: raw.overflow_value,
    semconvVersion: raw.semconv_version,
    attributes,
    resource: raw.resource,
    common: raw.common,
    spans,
    events,
    metrics,
  };
}
