// S9: the viewer id never leaves the browser. It is sent as HMAC-SHA-256 keyed with the
// organisation's secret salt: unlike a plain SHA-256 of an id, it cannot be reversed by hashing a
// dictionary of likely ids without the salt.

const encoder = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let hex = '';
  for (let i = 0; i < bytes.length; i += 1)
    hex += (bytes[i] as number).toString(16).padStart(2, '0');
  return hex;
}

/** Lowercase hex HMAC-SHA-256 of `viewerId` keyed with `salt`, via Web Crypto. */
export async function hashViewerId(
  viewerId: string,
  salt: string,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<string> {
  const key = await subtle.importKey(
    'raw',
    encoder.encode(salt),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return toHex(await subtle.sign('HMAC', key, encoder.encode(viewerId)));
}
