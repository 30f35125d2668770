// Starts the system Chromium (no browser download is possible or wanted) with the flags that
// make it quiet and deterministic on a closed network.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Playwright adds its own defaults and a fresh temporary --user-data-dir per launch. These are
 * the ones media tests need on top: no GPU or sandbox in containers, no QUIC, no background
 * traffic (which floods a closed network with refused connections), and autoplay without a
 * user gesture so play() works in a test.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export interface LaunchChromiumOptions {
  /** Default: $CHROMIUM_PATH, else /usr/bin/chromium. */
  executablePath?: string;
  /** Appended after CHROMIUM_ARGS. */
  extraArgs?: readonly string[];
  /** Launch timeout in ms; default 30 000. */
  timeoutMs?: number;
}

export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  const executablePath =
    options.executablePath ?? process.env['CHROMIUM_PATH'] ?? DEFAULT_CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: install it (apt-get install chromium) ` +
        'or point CHROMIUM_PATH at a Chromium binary',
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    timeout: options.timeoutMs ?? 30_000,
  });
}
