// `make dashboards` writes grafana/dashboards/*.json from the TypeScript sources; `--check` (run by
// `make test` through the tests and by CI) fails, naming the stale files, when a committed file
// differs from what the sources generate.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { DASHBOARDS } from './catalogue.js';
import { DASHBOARD_DIR, REPO_ROOT } from './paths.js';
import { EXEMPTION, EXEMPTION_KEY, needsExemption } from './scan-exemption.js';
import { contract } from './contract.js';

/** Path relative to the repository root → formatted dashboard JSON. */
export async function generatedDashboards(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of DASHBOARDS) {
    const dashboard: Record<string, unknown> = { ...entry.build() };
    if (needsExemption(JSON.stringify(dashboard), contract)) dashboard[EXEMPTION_KEY] = EXEMPTION;
    const json = JSON.stringify(dashboard);
    files.set(
      join(DASHBOARD_DIR, entry.file),
      await format(json, { parser: 'json', printWidth: 100 }),
    );
  }
  return files;
}

/** Generated paths whose file on disk is missing or different. */
export async function staleDashboards(root = REPO_ROOT): Promise<string[]> {
  const stale: string[] = [];
  for (const [path, content] of await generatedDashboards()) {
    const full = join(root, path);
    if (!existsSync(full) || readFileSync(full, 'utf8') !== content) stale.push(path);
  }
  return stale;
}

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const stale = await staleDashboards();
    if (stale.length > 0) {
      console.error(
        `dashboards are out of date (run \`make dashboards\`):\n  ${stale.join('\n  ')}`,
      );
      process.exit(1);
    }
    console.log('dashboards are up to date');
    return;
  }
  mkdirSync(join(REPO_ROOT, DASHBOARD_DIR), { recursive: true });
  for (const [path, content] of await generatedDashboards()) {
    writeFileSync(join(REPO_ROOT, path), content);
    console.log(`wrote ${path}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
