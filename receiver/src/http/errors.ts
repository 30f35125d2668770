// Every answer the receiver writes itself. Error bodies are `{ "error": { "code", "message" } }`
// with a stable code (R11); messages name the client's problem and never internal details.
import type { ServerResponse } from 'node:http';
import { Rejection } from '../domain/rejection.js';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

export function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

export function sendRejection(res: ServerResponse, rejection: Rejection): void {
  sendJson(res, rejection.status, errorBody(rejection.code, rejection.message), rejection.headers);
}

/** Anything thrown that is not a Rejection is a bug: it is answered without its details. */
export function asRejection(error: unknown): Rejection {
  if (error instanceof Rejection) return error;
  return new Rejection(
    500,
    'internal_error',
    'the receiver failed to handle the request',
    'internal',
  );
}
