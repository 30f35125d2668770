// Finds every telemetry name used in the project's sources and configs, so a test can fail when one
// is not in the contract. Three kinds of names are recognised:
//   dotted   video.* / openqoe.* span, event and attribute names
//   metric   openqoe_* Prometheus names (metrics, their series, and labels from openqoe.* attributes)
//   label    video_* Prometheus label names (attributes with dots replaced), in configs only
// In TypeScript and JavaScript only string literals are scanned: `video.currentTime` on an element
// named `video` is code, not a telemetry name.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { Contract } from './model.js';
import { prometheusLabelName, prometheusSeriesNames } from './naming.js';

export type NameKind = 'dotted' | 'metric' | 'label';

export interface NameUse {
  file: string;
  line: number;
  kind: NameKind;
  name: string;
}

export interface KnownNames {
  dotted: ReadonlySet<string>;
  metric: ReadonlySet<string>;
  label: ReadonlySet<string>;
}

const CODE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs']);
const CONFIG_EXTENSIONS = new Set([
  '.yaml',
  '.yml',
  '.json',
  '.alloy',
  '.river',
  '.promql',
  '.logql',
  '.traceql',
  '.txt',
  '.html',
  '.ini',
  '.toml',
  '.conf',
]);
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.cache', '.git', 'coverage']);
// `video.js` is a player library, `video.min.js` one of its files: names ending in a file
// extension are file or package names, not telemetry names.
const FILE_SUFFIX = /\.(js|mjs|cjs|ts|css|json|html|map|mp4|m3u8|mpd|ts|m4s|yaml|yml)$/;

/**
 * A test that checks how bad names are rejected has to contain them. Such a file says so with a
 * comment `contract-scan: exempt (<reason>)`; the reason is required so the exemption is reviewed.
 */
export const EXEMPT_MARKER = /contract-scan: exempt \([^)]{10,}\)/;

const PATTERNS: Record<NameKind, RegExp> = {
  dotted: /(?<![\w])(?:video|openqoe)\.[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*/g,
  metric: /(?<![\w:.])openqoe_[a-z0-9_]+/g,
  label: /(?<![\w:.])video_[a-z0-9_]+/g,
};
const STRING_LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

export function knownNames(contract: Contract): KnownNames {
  const dotted = new Set<string>([
    ...contract.attributes.keys(),
    ...contract.spans.keys(),
    ...contract.events.keys(),
  ]);
  const labelNames = [...contract.attributes.values()]
    .filter((a) => a.cardinality === 'label')
    .map((a) => prometheusLabelName(a.name));
  const metric = new Set<string>(labelNames.filter((l) => l.startsWith('openqoe_')));
  for (const m of contract.metrics.values()) {
    metric.add(m.name);
    for (const series of prometheusSeriesNames(m)) metric.add(series);
  }
  return { dotted, metric, label: new Set(labelNames.filter((l) => l.startsWith('video_'))) };
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/** Every name used in one file's text; `isCode` limits the search to string literals. */
export function findNameUses(text: string, file: string, isCode: boolean): NameUse[] {
  const regions: { offset: number; text: string }[] = isCode
    ? [...text.matchAll(STRING_LITERAL)].map((m) => ({ offset: m.index, text: m[0] }))
    : [{ offset: 0, text }];
  const uses: NameUse[] = [];
  for (const region of regions) {
    for (const kind of Object.keys(PATTERNS) as NameKind[]) {
      // In code, a video_* identifier inside a string is rare and usually a file name; labels are
      // only checked in configs, where PromQL lives.
      if (kind === 'label' && isCode) continue;
      for (const match of region.text.matchAll(PATTERNS[kind])) {
        if (FILE_SUFFIX.test(match[0])) continue;
        uses.push({ file, line: lineOf(text, region.offset + match.index), kind, name: match[0] });
      }
    }
  }
  return uses;
}

export function unknownNameUses(uses: readonly NameUse[], known: KnownNames): NameUse[] {
  return uses.filter((use) => !known[use.kind].has(use.name));
}

function* filesUnder(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (SKIPPED_DIRECTORIES.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/** Scans the given folders of the repository; file paths in the result are relative to root. */
export function scanNameUses(root: string, folders: readonly string[]): NameUse[] {
  const uses: NameUse[] = [];
  for (const folder of folders) {
    for (const path of filesUnder(join(root, folder))) {
      const extension = extname(path);
      const isCode = CODE_EXTENSIONS.has(extension);
      if (!isCode && !CONFIG_EXTENSIONS.has(extension)) continue;
      const text = readFileSync(path, 'utf8');
      if (EXEMPT_MARKER.test(text)) continue;
      uses.push(...findNameUses(text, relative(root, path), isCode));
    }
  }
  return uses;
}
