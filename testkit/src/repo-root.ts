// Locates the repository root from this file's own location, so caches land in the same place
// whether mocha runs from the root, from a workspace, or from an IDE with another cwd.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest ancestor directory of `from` (default: this module's directory) whose package.json
 * declares `workspaces`. Throws when there is none.
 */
export function findRepoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    if (declaresWorkspaces(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no package.json with "workspaces" above ${from}`);
    }
    dir = parent;
  }
}

function declaresWorkspaces(packageJsonPath: string): boolean {
  if (!existsSync(packageJsonPath)) return false;
  try {
    const parsed: unknown = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'workspaces' in parsed;
  } catch {
    // A malformed package.json further down is not the root; keep walking up.
    return false;
  }
}
