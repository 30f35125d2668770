import { expect } from 'chai';
import { CHROMIUM_ARGS, launchChromium } from '../src/browser/launch.js';

describe('Chromium launcher', () => {
  it('passes the flags media tests on a closed network need', () => {
    expect(CHROMIUM_ARGS).to.include.members([
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--autoplay-policy=no-user-gesture-required',
    ]);
  });

  it('says how to fix a missing Chromium instead of failing obscurely', async () => {
    let failure: unknown;
    try {
      await launchChromium({ executablePath: '/nonexistent/chromium' });
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).to.match(
      /Chromium not found at \/nonexistent\/chromium.*CHROMIUM_PATH/,
    );
  });
});
