// `make generate` writes every file derived from the contract; `--check` (run by the tests and CI)
// fails, naming the stale files, when a generated file differs from what the contract produces.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import type { Contract } from './model.js';
import { loadContract } from './load.js';
import { generateSdkContract, SDK_CONTRACT_FILE } from './gen/typescript.js';
import { generateSchemas, SCHEMA_DIR } from './gen/json-schema.js';
import { generateTelemetryDoc, TELEMETRY_DOC_FILE } from './gen/markdown.js';
import { generatePolicy, POLICY_FILE } from './gen/policy.js';
import { generateLoadContract, LOAD_CONTRACT_FILE } from './gen/load-names.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every generated file, path relative to the repository root → formatted content. */
export async function generatedFiles(contract: Contract): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const formatAs = (text: string, parser: string): Promise<string> =>
    format(text, { parser, printWidth: 100, singleQuote: true, trailingComma: 'all' });
  files.set(SDK_CONTRACT_FILE, await formatAs(generateSdkContract(contract), 'typescript'));
  for (const [name, schema] of Object.entries(generateSchemas(contract))) {
    files.set(join(SCHEMA_DIR, name), await formatAs(JSON.stringify(schema), 'json'));
  }
  files.set(POLICY_FILE, await formatAs(JSON.stringify(generatePolicy(contract)), 'json'));
  files.set(TELEMETRY_DOC_FILE, await formatAs(generateTelemetryDoc(contract), 'markdown'));
  files.set(LOAD_CONTRACT_FILE, await formatAs(generateLoadContract(contract), 'typescript'));
  return files;
}

/** Paths whose content on disk differs from what the contract generates. */
export async function staleFiles(contract: Contract, root = REPO_ROOT): Promise<string[]> {
  const stale: string[] = [];
  for (const [path, content] of await generatedFiles(contract)) {
    const full = join(root, path);
    if (!existsSync(full) || readFileSync(full, 'utf8') !== content) stale.push(path);
  }
  return stale;
}

async function main(): Promise<void> {
  const contract = loadContract();
  if (process.argv.includes('--check')) {
    const stale = await staleFiles(contract);
    if (stale.length > 0) {
      console.error(
        `generated files are out of date (run \`make generate\`):\n  ${stale.join('\n  ')}`,
      );
      process.exit(1);
    }
    console.log('generated files are up to date');
    return;
  }
  for (const [path, content] of await generatedFiles(contract)) {
    const full = join(REPO_ROOT, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    console.log(`wrote ${path}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
