// BENCHMARKS.md as text: a fixed header, then one section per benchmark between HTML-comment
// markers. The markers are what lets `bench/run.ts <name>` rewrite one section and keep the
// others byte for byte. Pure string functions, so the merge is unit-tested.

export interface MachineDescription {
  readonly cpuModel: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  /** 1-minute load average when the run started: shows whether other work shared the machine. */
  readonly loadAverage: number;
}

export interface SectionInput {
  readonly name: string;
  readonly title: string;
  readonly command: string;
  readonly date: Date;
  readonly machine: MachineDescription;
  /** Markdown: the benchmark's tables and notes. */
  readonly body: string;
  /** What the benchmark cannot see for itself, e.g. "the machine was shared with other work". */
  readonly note?: string;
}

export const BENCHMARKS_HEADER = `# Benchmarks

Figures measured by the benchmarks in [\`bench/\`](bench/), written by \`bench/run.ts\`; do not edit
the sections by hand, re-run them.

- Re-run every benchmark: \`make bench\` (that is \`npx tsx bench/run.ts\`).
- Re-run one: \`npx tsx bench/run.ts <name>\` replaces only that benchmark's section.
- A smoke run, short and written nowhere: \`npx tsx bench/run.ts --quick [name]\`.
- Record run conditions the benchmark cannot see: \`npx tsx bench/run.ts --note "…" [name]\`.
- Machine-readable figures of the last run of each benchmark: \`bench/results/<name>.json\`.

Absolute figures move a lot between machines and between runs on a shared machine; compare the
ratios, which each benchmark measures within one run on the same payloads.
`;

const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SECTION_PATTERN = /<!-- bench:([a-z0-9-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g;

export function checkBenchmarkName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new RangeError(`benchmark name "${name}" is not lower-case words joined by hyphens`);
  }
}

function escapeCell(cell: string): string {
  // A raw pipe would end the cell early; a newline would end the row.
  return cell.replaceAll('|', '\\|').replaceAll(/\r?\n/g, ' ');
}

export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  if (header.length === 0) throw new RangeError('markdownTable: the header has no columns');
  const bad = rows.findIndex((row) => row.length !== header.length);
  if (bad !== -1) {
    throw new RangeError(
      `markdownTable: row ${bad} has ${rows[bad]?.length} cells, the header ${header.length}`,
    );
  }
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function formatMachine(machine: MachineDescription): string {
  return (
    `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node} (${machine.platform}); ` +
    `load average ${machine.loadAverage.toFixed(2)} when the run started`
  );
}

/** `value` to `significant` digits, with thousands separators: 372,000 or 15.3 or 0.0412. */
export function formatNumber(value: number, significant = 3): string {
  if (!Number.isFinite(value))
    throw new RangeError(`formatNumber: ${value} is not a finite number`);
  return Number(value.toPrecision(significant)).toLocaleString('en-US', {
    maximumFractionDigits: 20,
  });
}

/** `2026-11-23 08:51 UTC`: minutes are enough to tell runs apart, and UTC to compare them. */
export function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function renderSection(input: SectionInput): string {
  checkBenchmarkName(input.name);
  return [
    `<!-- bench:${input.name} -->`,
    '',
    `## ${input.title} (\`${input.name}\`)`,
    '',
    `- Command: \`${input.command}\``,
    `- Date: ${formatDate(input.date)}`,
    `- Machine: ${formatMachine(input.machine)}`,
    ...(input.note ? [`- Note: ${input.note.trim()}`] : []),
    '',
    input.body.trim(),
    '',
    `<!-- /bench:${input.name} -->`,
  ].join('\n');
}

/** The sections of an existing BENCHMARKS.md, by benchmark name, in document order. */
export function parseSections(document: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const match of document.matchAll(SECTION_PATTERN)) {
    sections.set(match[1] as string, match[0]);
  }
  return sections;
}

/**
 * The document with `updated` sections replacing (or joining) those of `previous`. Sections of
 * known benchmarks come in `order`; sections of benchmarks no longer listed are kept after them,
 * so nothing measured disappears without someone deleting it on purpose.
 */
export function mergeDocument(
  previous: string,
  updated: ReadonlyMap<string, string>,
  order: readonly string[],
): string {
  const sections = parseSections(previous);
  for (const [name, section] of updated) sections.set(name, section);
  const known = order.filter((name) => sections.has(name));
  const unknown = [...sections.keys()].filter((name) => !order.includes(name));
  const body = [...known, ...unknown].map((name) => sections.get(name) as string);
  return [BENCHMARKS_HEADER.trim(), ...body].join('\n\n') + '\n';
}
