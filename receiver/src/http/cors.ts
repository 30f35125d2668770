// CORS (R3). A preflight carries no API key, so it is answered for any origin that some key
// admits; the request itself is then checked against its own key's origins (403 otherwise).
import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'content-encoding',
  'x-api-key',
  'x-openqoe-batch-id',
  'x-openqoe-sent-at',
].join(', ');

export function originOf(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  // Sandboxed frames and file:// pages send "null": no origin to match.
  return origin === undefined || origin === '' ? undefined : origin;
}

/** Headers that let the page read the answer (including Retry-After). */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'Retry-After',
    vary: 'Origin',
  };
}

export function answerPreflight(res: ServerResponse, origin: string, maxAgeSeconds: number): void {
  res.writeHead(204, {
    ...corsHeaders(origin),
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': String(maxAgeSeconds),
    'content-length': '0',
  });
  res.end();
}
