// Opens a page in its own browser context (no shared cache or storage between tests) and
// collects what went wrong in it, so a test can assert that a page ran cleanly.
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface PageProblem {
  /** `console`: console.error(); `pageerror`: an uncaught exception or unhandled rejection. */
  kind: 'console' | 'pageerror';
  text: string;
  /** Where the console call came from, when Chromium says. */
  location: string | null;
}

export interface OpenPageOptions {
  /** Echo every console message to the test's stdout; default: $OPENQOE_TEST_ECHO is set. */
  echoConsole?: boolean;
}

export interface InstrumentedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Live list: grows as problems happen. */
  readonly problems: readonly PageProblem[];
  close(): Promise<void>;
}

export async function openPage(
  browser: Browser,
  options: OpenPageOptions = {},
): Promise<InstrumentedPage> {
  const echo = options.echoConsole ?? process.env['OPENQOE_TEST_ECHO'] !== undefined;
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const page = await context.newPage();
  const problems: PageProblem[] = [];
  page.on('console', (message) => {
    if (echo) console.log(`[page ${message.type()}] ${message.text()}`);
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    problems.push({
      kind: 'console',
      text: message.text(),
      location: url === '' ? null : `${url}:${lineNumber}`,
    });
  });
  page.on('pageerror', (error) => {
    if (echo) console.log(`[page error] ${error.stack ?? error.message}`);
    problems.push({ kind: 'pageerror', text: error.stack ?? error.message, location: null });
  });
  return {
    page,
    context,
    problems,
    close: () => context.close(),
  };
}
