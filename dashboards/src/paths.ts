// Where the dashboards' inputs and outputs live in the repository.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DASHBOARD_DIR = 'grafana/dashboards';
export const RULES_DIR = join(REPO_ROOT, 'mimir', 'rules');
