// Starts a backend binary built from source (Alloy, Tempo, Loki; see docs/verification.md), waits
// until it answers its readiness URL, and stops it. Tests that need a binary are pending without it.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readText } from './files.js';

/** The executable named by `envVar`, else `fallback`; undefined when neither is executable. */
export function binaryFrom(envVar: string, fallback: string): string | undefined {
  const candidate = process.env[envVar] || fallback;
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    return undefined;
  }
}

/** A text a config copy replaces; it must occur in the original, so a reshaped file fails loudly. */
export interface ConfigEdit {
  /** For the message: "dataRoot", "httpPort", ... */
  readonly what: string;
  readonly find: string;
  readonly replace: string;
  /** Every occurrence (a data path), else the first (a listen port). */
  readonly everywhere?: boolean;
}

/**
 * The repository's `path` (e.g. tempo/tempo.yaml) with `edits` applied in order, written into
 * `dir` under its own name: the backend runs on the real file, differing only where the edits say.
 */
export function writeConfigCopy(path: string, dir: string, edits: readonly ConfigEdit[]): string {
  const original = readText(path);
  let copy = original;
  for (const edit of edits) {
    if (!original.includes(edit.find)) {
      throw new Error(`${path} no longer holds ${edit.what}: ${edit.find}`);
    }
    copy = edit.everywhere
      ? copy.replaceAll(edit.find, edit.replace)
      : copy.replace(edit.find, edit.replace);
  }
  const file = join(dir, basename(path));
  writeFileSync(file, copy);
  return file;
}

export interface RunningBinary {
  /** Everything it printed so far (stdout and stderr). */
  readonly output: () => string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** For messages: "alloy", "tempo", ... */
  readonly name: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  /** Polled until it answers 2xx. */
  readonly readyUrl: string;
  readonly readyTimeoutMs: number;
  /** After SIGTERM, how long before SIGKILL; undefined waits for the process however long. */
  readonly stopGraceMs?: number;
}

export async function startUntilReady(bin: string, options: StartOptions): Promise<RunningBinary> {
  const child: ChildProcess = spawn(bin, [...options.args], {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer =
      options.stopGraceMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.stopGraceMs);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + options.readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${options.name} exited with ${child.exitCode}:\n${output}`);
    }
    try {
      if ((await fetch(options.readyUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `${options.name} was not ready within ${options.readyTimeoutMs / 1000} s:\n${output}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { output: () => output, stop };
}

/**
 * Polls `probe` until its value `holds` (backends batch and ingest in their own time) or
 * `timeoutMs` passes; returns the last value either way, for the caller's assertion to judge.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  holds: (value: T) => boolean,
  { timeoutMs, intervalMs }: { timeoutMs: number; intervalMs: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!holds(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, intervalMs));
    value = await probe();
  }
  return value;
}
