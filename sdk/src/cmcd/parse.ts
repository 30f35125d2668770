// Reads CMCD (CTA-5004) as a player sent it — the `CMCD` query parameter or the `CMCD-*` request
// headers — and normalises it to the contract's CMCD attributes. Pure functions: the
// adapters only hand over what they saw; what counts as a key, a type or a duplicate is decided
// here once, for every player.
import {
  ATTR_VIDEO_CMCD_BL,
  ATTR_VIDEO_CMCD_BR,
  ATTR_VIDEO_CMCD_BS,
  ATTR_VIDEO_CMCD_CID,
  ATTR_VIDEO_CMCD_D,
  ATTR_VIDEO_CMCD_DL,
  ATTR_VIDEO_CMCD_MTP,
  ATTR_VIDEO_CMCD_OT,
  ATTR_VIDEO_CMCD_PR,
  ATTR_VIDEO_CMCD_RTP,
  ATTR_VIDEO_CMCD_SF,
  ATTR_VIDEO_CMCD_SID,
  ATTR_VIDEO_CMCD_ST,
  ATTR_VIDEO_CMCD_SU,
  ATTR_VIDEO_CMCD_TB,
  type AttributeValues,
} from '../generated/contract.js';

/** CMCD key → the contract attribute that carries it. Keys the contract does not name are
 * ignored (custom `com.x-*` keys, CMCD v2 additions such as `ts` or `sta`). */
export const CMCD_ATTRIBUTES = {
  br: ATTR_VIDEO_CMCD_BR,
  bl: ATTR_VIDEO_CMCD_BL,
  bs: ATTR_VIDEO_CMCD_BS,
  d: ATTR_VIDEO_CMCD_D,
  dl: ATTR_VIDEO_CMCD_DL,
  mtp: ATTR_VIDEO_CMCD_MTP,
  ot: ATTR_VIDEO_CMCD_OT,
  pr: ATTR_VIDEO_CMCD_PR,
  rtp: ATTR_VIDEO_CMCD_RTP,
  sf: ATTR_VIDEO_CMCD_SF,
  sid: ATTR_VIDEO_CMCD_SID,
  cid: ATTR_VIDEO_CMCD_CID,
  st: ATTR_VIDEO_CMCD_ST,
  su: ATTR_VIDEO_CMCD_SU,
  tb: ATTR_VIDEO_CMCD_TB,
} as const;
type CmcdKey = keyof typeof CMCD_ATTRIBUTES;

/** The CMCD values the contract names, as attributes. */
export type CmcdValues = Partial<Pick<AttributeValues, (typeof CMCD_ATTRIBUTES)[CmcdKey]>>;

type Kind = 'int' | 'bool' | 'number' | 'string' | readonly string[];

// Key → how its value is read.
const KINDS: Readonly<Record<CmcdKey, Kind>> = {
  br: 'int',
  bl: 'int',
  bs: 'bool',
  d: 'int',
  dl: 'int',
  mtp: 'int',
  ot: ['m', 'a', 'v', 'av', 'i', 'c', 'tt', 'k', 'o'],
  pr: 'number',
  rtp: 'int',
  sf: ['d', 'h', 's', 'o'],
  sid: 'string',
  cid: 'string',
  st: ['v', 'l'],
  su: 'bool',
  tb: 'int',
};

const CMCD_HEADERS = ['cmcd-request', 'cmcd-object', 'cmcd-status', 'cmcd-session'];

/** Splits a CMCD payload at commas outside quoted strings. */
function splitPairs(payload: string): string[] {
  const pairs: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < payload.length; i += 1) {
    const ch = payload.charAt(i);
    if (quoted && ch === '\\') {
      current += ch + payload.charAt(i + 1);
      i += 1;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === ',' && !quoted) {
      pairs.push(current);
      current = '';
    } else current += ch;
  }
  pairs.push(current);
  return pairs;
}

function unquote(raw: string): string | undefined {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) return undefined;
  return raw.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** One value by its key's kind; undefined when malformed (a malformed key is dropped, not guessed). */
function readValue(kind: Kind, raw: string | undefined): string | number | boolean | undefined {
  if (kind === 'bool')
    return raw === undefined || raw === '?1' ? true : raw === '?0' ? false : undefined;
  if (raw === undefined) return undefined;
  if (kind === 'string') return unquote(raw);
  if (typeof kind !== 'string') return kind.includes(raw) ? raw : undefined;
  // CMCD v2 turns some numeric keys into inner lists, e.g. br=(3200 1100): the first item is the
  // object's own value.
  const text = raw.startsWith('(') ? (raw.slice(1).split(/[\s)]/, 1)[0] ?? '') : raw;
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return kind === 'int' ? Math.round(value) : value;
}

/** Parses a CMCD payload (`br=3200,bl=4000,ot=v,sid="abc"`) into contract attributes. */
export function parseCmcd(payload: string): CmcdValues {
  const values: Record<string, string | number | boolean> = {};
  for (const pair of splitPairs(payload)) {
    const trimmed = pair.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    const key = eq < 0 ? trimmed : trimmed.slice(0, eq);
    if (!Object.prototype.hasOwnProperty.call(KINDS, key)) continue;
    const value = readValue(KINDS[key as CmcdKey], eq < 0 ? undefined : trimmed.slice(eq + 1));
    if (value !== undefined) values[CMCD_ATTRIBUTES[key as CmcdKey]] = value;
  }
  return values as CmcdValues;
}

export interface CmcdRequest {
  /** The object requested, without its CMCD parameter: the key that de-duplicates requests. */
  object: string;
  values: CmcdValues;
}

/** CMCD sent in a URL's query (`?CMCD=…`); undefined when the URL carries none. */
export function cmcdFromUrl(url: string): CmcdRequest | undefined {
  const hashAt = url.indexOf('#');
  const withoutHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const queryAt = withoutHash.indexOf('?');
  if (queryAt < 0) return undefined;
  let payload: string | undefined;
  const kept: string[] = [];
  for (const part of withoutHash.slice(queryAt + 1).split('&')) {
    if (part.startsWith('CMCD=')) {
      try {
        payload = decodeURIComponent(part.slice(5).replace(/\+/g, ' '));
      } catch {
        return undefined; // not valid percent-encoding: nothing we can trust
      }
    } else if (part) kept.push(part);
  }
  if (payload === undefined) return undefined;
  const base = withoutHash.slice(0, queryAt);
  return {
    object: kept.length > 0 ? `${base}?${kept.join('&')}` : base,
    values: parseCmcd(payload),
  };
}

/** CMCD sent as `CMCD-Request`/`-Object`/`-Status`/`-Session` headers (names in any case). */
export function cmcdFromHeaders(
  url: string,
  headers: Readonly<Record<string, string | undefined>>,
): CmcdRequest | undefined {
  const payloads: string[] = [];
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value !== undefined && CMCD_HEADERS.includes(name.toLowerCase())) payloads.push(value);
  }
  if (payloads.length === 0) return undefined;
  return { object: url, values: parseCmcd(payloads.join(',')) };
}
