import { expect } from 'chai';
import {
  UserAgentClassifier,
  classifyUserAgent,
  deviceTypeOf,
} from '../../src/domain/user-agent.js';

// Real user-agent strings of the kinds of devices that play video.
const CASES: [string, string, string | undefined, string, string | undefined, string][] = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36',
    'Chrome',
    '120.0.6099.109',
    'Windows',
    '10',
    'desktop',
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
    'Edge',
    '120.0.2210.91',
    'Windows',
    '10',
    'desktop',
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
    'Safari',
    '17.2',
    'macOS',
    '10.15.7',
    'desktop',
  ],
  [
    'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
    'Firefox',
    '121.0',
    'Linux',
    undefined,
    'desktop',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
    'Safari',
    '17.2',
    'iOS',
    '17.2',
    'mobile',
  ],
  [
    'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1',
    'Chrome',
    '120.0.6099.119',
    'iPadOS',
    '16.6',
    'tablet',
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36',
    'Chrome',
    '120.0.6099.144',
    'Android',
    '14',
    'mobile',
  ],
  [
    'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Safari/537.36',
    'Samsung Internet',
    '23.0',
    'Android',
    '13',
    'tablet',
  ],
  [
    'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36',
    'Other',
    undefined,
    'Tizen',
    '6.0',
    'tv',
  ],
  [
    'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager',
    'Chrome',
    '79.0.3945.79',
    'webOS',
    undefined,
    'tv',
  ],
  [
    'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15',
    'Safari',
    '13.0',
    'PlayStation',
    '2.26',
    'console',
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041',
    'Edge',
    '18.19041',
    'Xbox',
    undefined,
    'console',
  ],
  [
    'Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7233; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/108.0.5359.160 Mobile Safari/537.36',
    'Chrome WebView',
    '108.0.5359.160',
    'Fire OS',
    undefined,
    'tv',
  ],
  [
    'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    'Chrome',
    '120.0.0.0',
    'Chrome OS',
    '14541.0.0',
    'desktop',
  ],
  ['curl/8.4.0', 'Other', undefined, 'Other', undefined, 'other'],
  ['', 'Other', undefined, 'Other', undefined, 'other'],
];

describe('user-agent classification', () => {
  for (const [ua, browser, browserVersion, os, osVersion, device] of CASES) {
    it(`${browser} on ${os} (${device}): ${ua.slice(0, 60) || '(empty)'}`, () => {
      const result = classifyUserAgent(ua);
      expect(result).to.deep.equal({
        browserName: browser,
        browserVersion,
        osName: os,
        osVersion,
        deviceType: device,
      });
    });
  }

  it('keeps versions within the contract length and families in a closed vocabulary', () => {
    const result = classifyUserAgent(
      `Chrome/${'1.'.repeat(100)}0 random garbage ${'x'.repeat(1000)}`,
    );
    expect(result.browserVersion!.length).to.be.at.most(32);
    const families = new Set<string>();
    for (let i = 0; i < 500; i++)
      families.add(classifyUserAgent(`Browser${i}/1.0 (Thing ${i})`).browserName);
    expect([...families]).to.deep.equal(['Other']);
  });

  it('treats bots and tools as device type other', () => {
    expect(deviceTypeOf('Googlebot/2.1 (+http://www.google.com/bot.html)')).to.equal('other');
  });

  it('caches with a bound and gives the same answers', () => {
    const classifier = new UserAgentClassifier(2);
    const ua = CASES[0]![0];
    expect(classifier.classify(ua)).to.equal(classifier.classify(ua));
    for (let i = 0; i < 10; i++) classifier.classify(`ua ${i}`);
    expect(classifier.classify(ua)).to.deep.equal(classifyUserAgent(ua));
  });
});
