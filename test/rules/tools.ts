// Runs the real Prometheus tools (promtool, amtool from Debian's prometheus and
// prometheus-alertmanager packages) and turns a failure into an Error carrying the tool's output,
// so a failing mocha test shows exactly what promtool or amtool said.
import { spawnSync } from 'node:child_process';

export interface ToolResult {
  command: string;
  status: number | null;
  output: string;
}

export class ToolFailure extends Error {
  constructor(readonly result: ToolResult) {
    super(`${result.command} exited with ${String(result.status)}:\n${result.output}`);
    this.name = 'ToolFailure';
  }
}

/** Runs a tool and returns its exit status and combined output; throws only if it cannot start. */
export function runTool(tool: string, args: readonly string[], cwd?: string): ToolResult {
  const result = spawnSync(tool, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  const command = [tool, ...args].join(' ');
  if (result.error) {
    throw new Error(
      `${command} could not run (${result.error.message}); install ${packageOf(tool)} (Debian)`,
    );
  }
  return { command, status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Runs a tool and throws a ToolFailure with its output unless it exits with 0. */
export function expectToolSuccess(tool: string, args: readonly string[], cwd?: string): ToolResult {
  const result = runTool(tool, args, cwd);
  if (result.status !== 0) throw new ToolFailure(result);
  return result;
}

function packageOf(tool: string): string {
  return tool === 'amtool' || tool === 'prometheus-alertmanager'
    ? 'prometheus-alertmanager'
    : 'prometheus';
}
