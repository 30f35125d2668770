// Reads the pipeline's configuration files from the repository (or from a copy, for the negative
// tests). Every YAML file is parsed strictly: duplicate keys and syntax errors throw.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseAlloy, type Statement } from './alloy-syntax.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export function readText(path: string, root = REPO): string {
  return readFileSync(join(root, path), 'utf8');
}

export function parseYaml(text: string, file: string): unknown {
  try {
    return parse(text, { uniqueKeys: true, strict: true });
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
}

export function readYaml(path: string, root = REPO): unknown {
  return parseYaml(readText(path, root), path);
}

/** Every *.alloy file of alloy/ (what `alloy run /etc/alloy` loads), as one configuration. */
export function alloyFiles(root = REPO): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(join(root, 'alloy')).sort()) {
    if (name.endsWith('.alloy')) files.set(`alloy/${name}`, readText(`alloy/${name}`, root));
  }
  return files;
}

export function parseAlloyFiles(files: ReadonlyMap<string, string>): Statement[] {
  return [...files].flatMap(([file, text]) => parseAlloy(text, file));
}

export type Yaml = Record<string, unknown>;

/** A nested value by path (`services.alloy.image`), or undefined. */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Yaml)[key];
  }
  return current;
}

export function asRecord(value: unknown): Yaml {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Yaml)
    : {};
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A deep copy to break for a negative test. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
