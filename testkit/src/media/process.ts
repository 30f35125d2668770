// Runs an external tool (ffmpeg, ffprobe) and turns its failure into an error that says which
// tool, which step and what it printed, instead of a bare exit code.
import { spawn } from 'node:child_process';

export interface ProcessResult {
  stdout: string;
  stderr: string;
}

/** Keep only the end of a chatty stderr: the cause is nearly always in the last lines. */
const STDERR_TAIL_CHARS = 4000;

export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; step?: string } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'ENOENT'
          ? ` (not found: install it, e.g. "apt-get install ffmpeg", or set its *_PATH variable)`
          : '';
      reject(new Error(`${command}${hint}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      const result = {
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      };
      if (code === 0) {
        resolve(result);
        return;
      }
      const step = options.step === undefined ? '' : ` (${options.step})`;
      const status = signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
      reject(
        new Error(
          `${command}${step} failed with ${status}:\n${result.stderr.slice(-STDERR_TAIL_CHARS)}`,
        ),
      );
    });
  });
}
