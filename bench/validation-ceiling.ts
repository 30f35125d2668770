// The ceiling a receiver is measured against: parsing and validating the same OTLP JSON bodies it
// will receive, in a tight loop, with no HTTP, no framework and no forwarding. A receiver can
// approach these rates but never beat them, so its own benchmark reports the ratio to them.
import { readdirSync, readFileSync } from 'node:fs';
import { compileContractSchemas } from '../receiver/src/schemas.js';
import type { BenchmarkOutput, JsonValue, RunOptions } from './benchmark.js';
import { buildPayloads, countItems, type PayloadSet, type Signal } from './payloads.js';
import { formatNumber, markdownTable } from './report.js';
import { pairedRatios, perSecond, spread, type Spread } from './stats.js';
import { cpuClock, measureInterleaved, type RoundPlan, type StageMeasurement } from './timing.js';

export const name = 'validation-ceiling';
export const title = 'Validation ceiling: parse + validate in a tight loop';
export const command = 'npx tsx bench/run.ts validation-ceiling';

const SIGNALS: readonly Signal[] = ['traces', 'logs'];
const BATCH_SIZES = [10, 50] as const;
// Several distinct bodies per case, cycled, so the loop does not parse one string whose shape
// every cache has memorised; 16 is plenty and costs well under a second to build.
const DISTINCT_BODIES = 16;

const MS = 1_000_000n;
// 4 cases × 3 stages × (0.3 s warm-up + 10 × 0.4 s) ≈ 52 s, under a minute in all. Ten short
// rounds rather than five long ones: on a shared machine the stages paired in a ratio run closer
// together in time, and the median of ten shrugs off the odd round another process spoiled.
const FULL_PLAN: RoundPlan = {
  warmupNanoseconds: 300n * MS,
  rounds: 10,
  roundNanoseconds: 400n * MS,
};
const QUICK_PLAN: RoundPlan = {
  warmupNanoseconds: 50n * MS,
  rounds: 3,
  roundNanoseconds: 100n * MS,
};

type Stage = 'parse' | 'validate' | 'forward';

const STAGE_LABELS: Record<Stage, string> = {
  parse: '(a) `JSON.parse`',
  validate: '(b) parse + validate',
  forward: '(c) parse + validate + `JSON.stringify`',
};

// Typed from the receiver rather than imported from 'ajv': from bench/ that import would resolve
// to the root node_modules' ajv 6, not the receiver's ajv 8.
type Validators = ReturnType<typeof compileContractSchemas>;
type ValidateFunction = Validators[Signal];

const SCHEMA_DIR = new URL('../receiver/src/generated/schemas/', import.meta.url);

interface SchemaCompileReport {
  readonly compileMilliseconds: number;
  /** Schema file → ajv strict-mode messages logged while compiling it. */
  readonly warningsBySchema: Record<string, string[]>;
  /** Messages whose text names no known schema $id. */
  readonly unattributedWarnings: string[];
}

/**
 * Runs `fn` with console.warn and console.error captured, restoring them even if `fn` throws.
 * ajv's strict mode logs (rather than throws) what it finds dubious, such as a keyword used
 * without the type it applies to, through its default logger, the console.
 */
export function captureConsoleWarnings<T>(fn: () => T): { value: T; messages: string[] } {
  const messages: string[] = [];
  const { warn, error } = console;
  const capture = (...args: unknown[]): void => {
    messages.push(args.map(String).join(' '));
  };
  console.warn = capture;
  console.error = capture;
  try {
    return { value: fn(), messages };
  } finally {
    console.warn = warn;
    console.error = error;
  }
}

/** Groups ajv messages by schema file; ajv locates each at `"<$id>#<path>"` in its text. */
export function attributeWarnings(
  messages: readonly string[],
  fileById: ReadonlyMap<string, string>,
): Pick<SchemaCompileReport, 'warningsBySchema' | 'unattributedWarnings'> {
  const warningsBySchema: Record<string, string[]> = {};
  for (const file of fileById.values()) warningsBySchema[file] = [];
  const unattributedWarnings: string[] = [];
  for (const message of messages) {
    const file = [...fileById].find(([id]) => message.includes(`${id}#`))?.[1];
    if (file) warningsBySchema[file]?.push(message);
    else unattributedWarnings.push(message);
  }
  return { warningsBySchema, unattributedWarnings };
}

/** Compiles the validators exactly as the receiver does, recording ajv's strict-mode warnings. */
function compileCapturingWarnings(): { validators: Validators; report: SchemaCompileReport } {
  const start = process.hrtime.bigint();
  const { value: validators, messages } = captureConsoleWarnings(compileContractSchemas);
  const compileMilliseconds = Number(process.hrtime.bigint() - start) / 1e6;
  const fileById = new Map<string, string>();
  for (const file of readdirSync(SCHEMA_DIR).filter((entry) => entry.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as { $id?: string };
    // A schema without $id still gets its (empty) entry, under its file name.
    fileById.set(schema.$id ?? file, file);
  }
  return {
    validators,
    report: { compileMilliseconds, ...attributeWarnings(messages, fileById) },
  };
}

function describeErrors(validate: ValidateFunction): string {
  return JSON.stringify((validate.errors ?? []).slice(0, 3));
}

/**
 * Timing the rejection path would measure the wrong thing (ajv stops at the first error), so
 * every body must be valid and hold exactly `batchSize` items before anything is timed.
 */
function assertAllValid(set: PayloadSet, validate: ValidateFunction): void {
  set.bodies.forEach((body, index) => {
    const parsed: unknown = JSON.parse(body);
    if (!validate(parsed)) {
      throw new Error(
        `${set.signal} body ${index} (batch of ${set.batchSize}) fails the contract schema, ` +
          `so timing it would measure ajv's rejection path: ${describeErrors(validate)}`,
      );
    }
    const items = countItems(set.signal, parsed);
    if (items !== set.batchSize) {
      throw new Error(
        `${set.signal} body ${index} holds ${items} items, not the batch size ${set.batchSize}`,
      );
    }
  });
}

function stageSteps(
  set: PayloadSet,
  validate: ValidateFunction,
): Record<Stage, (i: number) => number> {
  const { bodies } = set;
  const body = (i: number): string => bodies[i % bodies.length] as string;
  const parseValid = (i: number): unknown => {
    const parsed: unknown = JSON.parse(body(i));
    if (!validate(parsed)) throw new Error(`body ${i % bodies.length} stopped validating`);
    return parsed;
  };
  return {
    parse: (i) => (JSON.parse(body(i)) === null ? 0 : 1),
    validate: (i) => (parseValid(i) === null ? 0 : 1),
    forward: (i) => JSON.stringify(parseValid(i)).length,
  };
}

interface StageFigures {
  readonly itemsPerSecond: Spread;
  readonly microsecondsPerRequest: Spread;
  readonly roundMicrosecondsPerRequest: number[];
  readonly rounds: { iterations: number; elapsedNanoseconds: number }[];
}

interface CaseFigures {
  readonly signal: Signal;
  readonly batchSize: number;
  readonly requestBytes: number;
  readonly bytesPerItem: number;
  readonly stages: Record<Stage, StageFigures>;
  /** Time per request relative to another stage, from the stages' rounds taken side by side. */
  readonly ratios: {
    readonly validateOverParse: Spread;
    readonly forwardOverParse: Spread;
    readonly forwardOverValidate: Spread;
  };
  /** (b) − (a) per round: what validation adds to a request. */
  readonly validationMicroseconds: Spread;
}

function stageFigures(measurement: StageMeasurement, batchSize: number): StageFigures {
  const rounds = measurement.rounds;
  const roundMicrosecondsPerRequest = rounds.map(
    (round) => Number(round.elapsedNanoseconds) / 1000 / round.iterations,
  );
  return {
    itemsPerSecond: spread(
      rounds.map((round) => perSecond(round.iterations * batchSize, round.elapsedNanoseconds)),
    ),
    microsecondsPerRequest: spread(roundMicrosecondsPerRequest),
    roundMicrosecondsPerRequest,
    rounds: rounds.map((round) => ({
      iterations: round.iterations,
      elapsedNanoseconds: Number(round.elapsedNanoseconds),
    })),
  };
}

function measureCase(set: PayloadSet, validate: ValidateFunction, plan: RoundPlan): CaseFigures {
  // Timed on this process's CPU clock: other processes on a shared machine do not count.
  const measured = measureInterleaved(stageSteps(set, validate), plan, cpuClock);
  for (const [stage, measurement] of Object.entries(measured)) {
    // Every step returns ≥ 1, so a zero sum means the loop did not run the work.
    if (!(measurement.sink > 0)) throw new Error(`${stage}: the loop produced no result`);
  }
  const stages = {
    parse: stageFigures(measured.parse, set.batchSize),
    validate: stageFigures(measured.validate, set.batchSize),
    forward: stageFigures(measured.forward, set.batchSize),
  };
  const perRound = (stage: Stage): number[] => stages[stage].roundMicrosecondsPerRequest;
  const requestBytes =
    set.bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0) / set.bodies.length;
  return {
    signal: set.signal,
    batchSize: set.batchSize,
    requestBytes,
    bytesPerItem: requestBytes / set.batchSize,
    stages,
    ratios: {
      validateOverParse: spread(pairedRatios(perRound('validate'), perRound('parse'))),
      forwardOverParse: spread(pairedRatios(perRound('forward'), perRound('parse'))),
      forwardOverValidate: spread(pairedRatios(perRound('forward'), perRound('validate'))),
    },
    validationMicroseconds: spread(
      perRound('validate').map((micros, i) => micros - (perRound('parse')[i] as number)),
    ),
  };
}

const withSpread = (figure: Spread, format: (value: number) => string, unit = ''): string =>
  `${format(figure.median)}${unit} (${format(figure.min)}–${format(figure.max)})`;
const twoDecimals = (value: number): string => value.toFixed(2);

function renderMarkdown(
  cases: readonly CaseFigures[],
  schemas: SchemaCompileReport,
  plan: RoundPlan,
): string {
  const throughput = markdownTable(
    [
      'signal',
      'batch',
      'bytes/item',
      'stage',
      'items/s, median (min–max)',
      'µs/request, median (min–max)',
    ],
    cases.flatMap((figures) =>
      (Object.keys(STAGE_LABELS) as Stage[]).map((stage) => [
        figures.signal,
        String(figures.batchSize),
        formatNumber(figures.bytesPerItem),
        STAGE_LABELS[stage],
        withSpread(figures.stages[stage].itemsPerSecond, formatNumber),
        withSpread(figures.stages[stage].microsecondsPerRequest, formatNumber),
      ]),
    ),
  );
  const ratios = markdownTable(
    ['signal', 'batch', 'b ÷ a', 'c ÷ a', 'c ÷ b', '(c) items/s as % of (b)', 'b − a, µs/request'],
    cases.map((figures) => [
      figures.signal,
      String(figures.batchSize),
      withSpread(figures.ratios.validateOverParse, twoDecimals, '×'),
      withSpread(figures.ratios.forwardOverParse, twoDecimals, '×'),
      withSpread(figures.ratios.forwardOverValidate, twoDecimals, '×'),
      `${Math.round(100 / figures.ratios.forwardOverValidate.median)} %`,
      withSpread(figures.validationMicroseconds, formatNumber),
    ]),
  );
  const warningLines = [
    ...Object.entries(schemas.warningsBySchema).flatMap(([file, warnings]) =>
      warnings.map((warning) => `  - \`${file}\`: ${warning}`),
    ),
    ...schemas.unattributedWarnings.map((warning) => `  - (no schema named): ${warning}`),
  ];
  const warningCounts = [
    ...Object.entries(schemas.warningsBySchema).map(
      ([file, warnings]) => `\`${file}\` ${warnings.length}`,
    ),
    ...(schemas.unattributedWarnings.length > 0
      ? [`unattributed ${schemas.unattributedWarnings.length}`]
      : []),
  ].join(', ');
  const seconds = (nanoseconds: bigint): string => formatNumber(Number(nanoseconds) / 1e9);

  return [
    'The ceiling the receiver is compared against: OTLP/HTTP JSON bodies parsed and validated in ' +
      'a tight loop, with no HTTP, framework or forwarding. No validating receiver beats (b), and ' +
      'none that rewrites what it forwards (enrichment, limits) beats (c); the receiver benchmark ' +
      'reports its rate as a ratio to these, measured on the same payloads.',
    '',
    '- Stages: (a) `JSON.parse` alone, the baseline; (b) parse + validate with the receiver’s ' +
      'ajv validators (`compileContractSchemas()`); (c) parse + validate + `JSON.stringify`, the ' +
      'least a receiver must do to forward what it has checked or changed.',
    `- Payloads: built by the OpenTelemetry JS SDK (sdk-trace-base, sdk-logs) and serialised by ` +
      `its \`JsonTraceSerializer\` / \`JsonLogsSerializer\`: \`video.view\` traces (view, startup, ` +
      `two rebuffers, a seek) and \`video.heartbeat\` / \`video.quartile\` log records, ` +
      `${DISTINCT_BODIES} distinct bodies per case, every one checked valid before timing.`,
    `- Method: ${seconds(plan.warmupNanoseconds)} s warm-up per stage, then ${plan.rounds} rounds ` +
      `of ${seconds(plan.roundNanoseconds)} s each per stage, stages interleaved round by round; ` +
      'median with min–max over the rounds. Items are spans or log records. Times are this ' +
      'process’s CPU time (`process.cpuUsage`), not wall-clock time: time other processes had ' +
      'the core is not counted, so "items/s" means per second of one busy core.',
    `- Schemas: compiled in ${formatNumber(schemas.compileMilliseconds)} ms; ajv strict-mode ` +
      `warnings: ${warningCounts}${warningLines.length === 0 ? ' (none).' : ':'}`,
    ...warningLines,
    '',
    throughput,
    '',
    'Ratios of time per request (median of the per-round ratios, min–max): how much validating, ' +
      'then re-serialising, costs on top of parsing.',
    '',
    ratios,
    '',
    'Absolute rates on a shared machine move by tens of per cent from run to run (see the ' +
      'min–max spread and the load average above). The ratios hold better: the stages of a round ' +
      'run back to back, so other work slows them alike. Compare ratios, not rates, across runs.',
  ].join('\n');
}

function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

export async function run(options: RunOptions): Promise<BenchmarkOutput> {
  const plan = options.quick ? QUICK_PLAN : FULL_PLAN;
  const { validators, report: schemas } = compileCapturingWarnings();
  const sets: PayloadSet[] = [];
  for (const signal of SIGNALS) {
    for (const batchSize of BATCH_SIZES) {
      const set = await buildPayloads(signal, batchSize, DISTINCT_BODIES);
      assertAllValid(set, validators[signal]);
      sets.push(set);
    }
  }
  const cases: CaseFigures[] = [];
  for (const set of sets) {
    console.log(`  ${set.signal}, batch ${set.batchSize}…`);
    cases.push(measureCase(set, validators[set.signal], plan));
  }
  return {
    markdown: renderMarkdown(cases, schemas, plan),
    results: toJson({
      plan: {
        warmupSeconds: Number(plan.warmupNanoseconds) / 1e9,
        rounds: plan.rounds,
        roundSeconds: Number(plan.roundNanoseconds) / 1e9,
      },
      schemas,
      cases,
    }),
  };
}
