// The demo page served by the demo server, in real Chromium, sending to the OTLP capture server:
// every one of its five players produces a view, and the page shows the ids the SDK reports.
import { expect } from 'chai';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  findRepoRoot,
  launchChromium,
  openPage,
  startOtlpCapture,
  type OtlpCapture,
} from '@openqoe/testkit';
import { buildSite } from '../src/site.js';
import { configFromEnv, configScript, startDemoServer, type DemoServer } from '../src/server.js';

const PLAYERS = ['html5', 'hlsjs', 'dashjs', 'shaka', 'videojs'];

describe('demo page', function () {
  this.timeout(180_000);
  let capture: OtlpCapture;
  let demo: DemoServer;
  let browser: Browser;

  before(async () => {
    const siteDir = join(findRepoRoot(), '.cache', 'demo-test-site');
    [capture, browser] = await Promise.all([
      startOtlpCapture({ browserClients: true }),
      launchChromium(),
      buildSite(siteDir),
    ]).then(([c, b]) => [c, b] as const);
    demo = await startDemoServer({
      siteDir,
      config: { receiverUrl: capture.url, apiKey: 'demo-test-key' },
    });
  });
  after(async () => {
    await Promise.allSettled([demo?.close(), capture?.close(), browser?.close()]);
  });

  it('answers /healthz, /config.js from its configuration, and JSON errors', async () => {
    const health = await fetch(`${demo.url}/healthz`);
    expect(health.status).to.equal(200);
    const config = await fetch(`${demo.url}/config.js`);
    expect(await config.text()).to.equal(
      configScript({ receiverUrl: capture.url, apiKey: 'demo-test-key' }),
    );
    const missing = await fetch(`${demo.url}/nothing-here.js`);
    expect(missing.status).to.equal(404);
    expect(await missing.json()).to.deep.equal({
      error: { code: 'not_found', message: 'not found' },
    });
    const outside = await fetch(`${demo.url}/..%2f..%2fpackage.json`);
    expect([403, 404]).to.include(outside.status);
    const post = await fetch(`${demo.url}/`, { method: 'POST' });
    expect(post.status).to.equal(405);
  });

  it('reads RECEIVER_URL and OPENQOE_API_KEY, with the compose defaults', () => {
    expect(configFromEnv({})).to.deep.equal({
      receiverUrl: 'http://localhost:8788',
      apiKey: 'openqoe-dev-key',
    });
    expect(configFromEnv({ RECEIVER_URL: 'http://r:1', OPENQOE_API_KEY: 'k' })).to.deep.equal({
      receiverUrl: 'http://r:1',
      apiKey: 'k',
    });
  });

  it('every player produces a view, sent to the configured receiver', async () => {
    const instrumented = await openPage(browser);
    const page: Page = instrumented.page;
    await page.goto(`${demo.url}/?autoplay=1`);
    await page.waitForFunction(
      `(() => { const ids = window.demo.viewIds(); return ${JSON.stringify(PLAYERS)}.every((p) => ids[p]); })()`,
      undefined,
      { timeout: 60_000, polling: 200 },
    );
    const viewIds = (await page.evaluate('window.demo.viewIds()')) as Record<string, string>;
    await page.evaluate('window.demo.qoe.flush()');
    const starts = await capture.waitFor(
      (c) => {
        const found = c.logRecords().filter((r) => r.eventName === 'video.view_start');
        return PLAYERS.every((p) => found.some((r) => r.attributes['video.player.name'] === p))
          ? found
          : undefined;
      },
      { timeoutMs: 20_000, description: 'a view start from each of the five players' },
    );
    for (const player of PLAYERS) {
      const start = starts.find((r) => r.attributes['video.player.name'] === player)!;
      expect(start.traceId, player).to.equal(viewIds[player]);
      expect(start.attributes['video.content.id']).to.equal('demo-clip');
    }
    // Each panel shows its player's current view id (refreshed twice a second).
    await page.waitForFunction(
      `(() => { const ids = window.demo.viewIds();
        return Array.from(document.querySelectorAll('section')).every((s) =>
          s.querySelector('.view-id').textContent === (ids[s.id] || 'none (no view active)')); })()`,
      undefined,
      { timeout: 5_000, polling: 100 },
    );
    const shown = await page.$$eval('.view-id', (spans) => spans.map((s) => s.textContent));
    expect(shown.filter((text) => /^[0-9a-f]{32}$/.test(text ?? '')).length).to.be.at.least(1);
    const authorised = capture.requests.every(
      (r) => r.headers['authorization'] === 'Bearer demo-test-key',
    );
    expect(authorised).to.equal(true);
    await instrumented.close();
  });
});
