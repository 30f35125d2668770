// User-agent classification: browser family and version, operating system and version, and the
// contract's device class, from a User-Agent string. The families form a closed vocabulary (a
// few dozen names at most), so the label-class results (user_agent.name, user_agent.os.name,
// video.device.type) stay bounded whatever clients send. Pure; the cache sits outside.
import { LruMap } from './lru.js';

export type DeviceType = 'desktop' | 'mobile' | 'tablet' | 'tv' | 'console' | 'other';

export interface UserAgentClass {
  readonly browserName: string;
  readonly browserVersion: string | undefined;
  readonly osName: string;
  readonly osVersion: string | undefined;
  readonly deviceType: DeviceType;
}

/** The contract's user_agent.version / user_agent.os.version length limit. */
const VERSION_MAX_LENGTH = 32;
export const UNKNOWN_FAMILY = 'Other';

interface Rule {
  readonly name: string;
  readonly pattern: RegExp;
}

// Order matters: many browsers also claim to be Chrome and Safari, so the specific ones go first.
const BROWSERS: readonly Rule[] = [
  { name: 'Edge', pattern: /\bEdg(?:e|A|iOS)?\/([\d.]+)/ },
  { name: 'Opera', pattern: /\b(?:OPR|OPiOS|Opera)[/ ]([\d.]+)/ },
  { name: 'Samsung Internet', pattern: /\bSamsungBrowser\/([\d.]+)/ },
  { name: 'Yandex', pattern: /\bYaBrowser\/([\d.]+)/ },
  { name: 'UC Browser', pattern: /\bUCBrowser\/([\d.]+)/ },
  { name: 'Silk', pattern: /\bSilk\/([\d.]+)/ },
  { name: 'Firefox', pattern: /\b(?:Firefox|FxiOS)\/([\d.]+)/ },
  { name: 'Headless Chrome', pattern: /\bHeadlessChrome\/([\d.]+)/ },
  { name: 'Chrome WebView', pattern: /; wv\).*\bChrome\/([\d.]+)/ },
  { name: 'Chrome', pattern: /\b(?:Chrome|CriOS|Chromium)\/([\d.]+)/ },
  { name: 'Safari', pattern: /\bVersion\/([\d.]+)(?: Mobile\/\w+)? Safari\// },
  { name: 'Internet Explorer', pattern: /\b(?:MSIE |Trident\/.*; rv:)([\d.]+)/ },
];

const WINDOWS_VERSIONS: Readonly<Record<string, string>> = {
  '10.0': '10',
  '6.3': '8.1',
  '6.2': '8',
  '6.1': '7',
  '6.0': 'Vista',
  '5.1': 'XP',
};

interface OsRule {
  readonly name: string;
  readonly pattern: RegExp;
  readonly version?: (match: RegExpExecArray) => string | undefined;
}

const dotted = (match: RegExpExecArray): string | undefined => match[1]?.replaceAll('_', '.');

const SYSTEMS: readonly OsRule[] = [
  { name: 'PlayStation', pattern: /\bPlayStation (?:\d|Vita)[^;)]*?(?:[/ ]([\d.]+))?[;)]/ },
  { name: 'Xbox', pattern: /\bXbox(?: One| Series [XS])?\b/ },
  { name: 'Nintendo', pattern: /\bNintendo [\w ]+/ },
  { name: 'Tizen', pattern: /\bTizen[/ ]?([\d.]+)?/, version: dotted },
  { name: 'webOS', pattern: /\b(?:Web0S|webOS)(?:[/ ]([\d.]+))?/, version: dotted },
  { name: 'Fire OS', pattern: /\b(?:AFT[A-Z]\w*|KF[A-Z]{2,4})\b/ },
  { name: 'Chrome OS', pattern: /\bCrOS [\w]+ ([\d.]+)/, version: dotted },
  { name: 'iPadOS', pattern: /\biPad\b.*? OS ([\d_]+)/, version: dotted },
  { name: 'iOS', pattern: /\b(?:iPhone|iPod)\b.*? OS ([\d_]+)/, version: dotted },
  { name: 'Android', pattern: /\bAndroid(?: ([\d.]+))?/, version: dotted },
  {
    name: 'Windows',
    pattern: /\bWindows NT ([\d.]+)/,
    version: (match) => (match[1] ? (WINDOWS_VERSIONS[match[1]] ?? match[1]) : undefined),
  },
  { name: 'Windows Phone', pattern: /\bWindows Phone(?: OS)? ([\d.]+)/, version: dotted },
  { name: 'macOS', pattern: /\bMac OS X ([\d_.]+)/, version: dotted },
  { name: 'Linux', pattern: /\b(?:Linux|X11)\b/ },
];

const CONSOLE = /\b(?:PlayStation|Xbox|Nintendo)\b/;
const TV =
  /\b(?:SMART-TV|SmartTV|Smart-TV|SmartTv|HbbTV|Web0S|NetCast|BRAVIA|AppleTV|Apple ?TV|CrKey|GoogleTV|Android ?TV|AFT[A-Z]\w*|Roku|VIDAA|Viera|Tizen.*TV|TV Safari)\b/i;
const TABLET = /\b(?:iPad|Tablet|Kindle|Silk|PlayBook|KF[A-Z]{2,4})\b/;
const MOBILE = /\b(?:Mobi|iPhone|iPod|Windows Phone|BlackBerry|BB10|Opera Mini|IEMobile)\b/;
const DESKTOP = /\b(?:Windows NT|Macintosh|X11|CrOS|Linux x86_64)\b/;
const BOT = /\b(?:bot|crawler|spider|crawling|curl|wget|python-requests|node-fetch|undici)\b/i;

function version(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return text.length > VERSION_MAX_LENGTH ? text.slice(0, VERSION_MAX_LENGTH) : text;
}

export function deviceTypeOf(userAgent: string): DeviceType {
  if (userAgent === '' || BOT.test(userAgent)) return 'other';
  if (CONSOLE.test(userAgent)) return 'console';
  if (TV.test(userAgent)) return 'tv';
  if (TABLET.test(userAgent)) return 'tablet';
  // Android phones say "Mobile"; Android without it is a tablet.
  if (/\bAndroid\b/.test(userAgent)) return /\bMobile\b/.test(userAgent) ? 'mobile' : 'tablet';
  if (MOBILE.test(userAgent)) return 'mobile';
  if (DESKTOP.test(userAgent)) return 'desktop';
  return 'other';
}

export function classifyUserAgent(userAgent: string): UserAgentClass {
  let browserName = UNKNOWN_FAMILY;
  let browserVersion: string | undefined;
  for (const rule of BROWSERS) {
    const match = rule.pattern.exec(userAgent);
    if (match) {
      browserName = rule.name;
      browserVersion = version(match[1]);
      break;
    }
  }
  let osName = UNKNOWN_FAMILY;
  let osVersion: string | undefined;
  for (const rule of SYSTEMS) {
    const match = rule.pattern.exec(userAgent);
    if (match) {
      osName = rule.name;
      osVersion = version(rule.version ? rule.version(match) : match[1]);
      break;
    }
  }
  return { browserName, browserVersion, osName, osVersion, deviceType: deviceTypeOf(userAgent) };
}

/** Longest user agent classified; longer strings are cut first (no browser needs more). */
const MAX_USER_AGENT_LENGTH = 512;

/** classifyUserAgent with a bounded cache: real traffic repeats a few thousand strings. */
export class UserAgentClassifier {
  private readonly cache: LruMap<string, UserAgentClass>;

  constructor(maxEntries = 2048) {
    this.cache = new LruMap(maxEntries);
  }

  classify(userAgent: string): UserAgentClass {
    const text =
      userAgent.length > MAX_USER_AGENT_LENGTH
        ? userAgent.slice(0, MAX_USER_AGENT_LENGTH)
        : userAgent;
    let result = this.cache.get(text);
    if (result === undefined) {
      result = classifyUserAgent(text);
      this.cache.set(text, result);
    }
    return result;
  }
}
