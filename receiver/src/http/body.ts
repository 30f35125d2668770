// Reads and decodes request bodies with hard byte caps (R4): the raw body as it arrives, then the
// gunzipped body, each charged against the shared memory budget before it is held.
import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import { Rejection } from '../domain/rejection.js';
import type { ByteBudget } from './byte-budget.js';

/** Bytes charged to the budget for one request, returned when it ends. */
export interface Charge {
  bytes: number;
}

function tooLarge(what: string, limit: number): Rejection {
  return new Rejection(
    413,
    'payload_too_large',
    `${what} is larger than the limit of ${limit} bytes`,
    'size',
    { connection: 'close' },
  );
}

const overloaded = (): Rejection =>
  new Rejection(503, 'overloaded', 'the receiver is saturated; retry later', 'overload', {
    'retry-after': '1',
    connection: 'close',
  });

/** The whole raw body, or a Rejection once it passes `maxBytes` or the budget. */
export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  budget: ByteBudget,
  charge: Charge,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const stop = (rejection: Rejection): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      // The rest is read and dropped, so the client can still read the answer.
      req.resume();
      reject(rejection);
    };
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length > maxBytes) return stop(tooLarge('the request body', maxBytes));
      if (!budget.tryTake(chunk.length)) return stop(overloaded());
      charge.bytes += chunk.length;
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', () =>
      reject(new Rejection(400, 'request_aborted', 'the request body was cut short', 'size')),
    );
  });
}

/**
 * gunzips `raw` as a stream, charging each inflated chunk to the budget and stopping at the
 * inflated-size cap, so a gzip bomb costs at most the cap in memory and the time to reach it.
 */
export function gunzipBody(
  raw: Buffer,
  maxInflatedBytes: number,
  budget: ByteBudget,
  charge: Charge,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    const fail = (rejection: Rejection): void => {
      if (settled) return;
      settled = true;
      gunzip.destroy();
      reject(rejection);
    };
    gunzip.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxInflatedBytes)
        return fail(tooLarge('the inflated request body', maxInflatedBytes));
      if (!budget.tryTake(chunk.length)) return fail(overloaded());
      charge.bytes += chunk.length;
      chunks.push(chunk);
    });
    gunzip.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length));
    });
    gunzip.on('error', () =>
      fail(new Rejection(400, 'invalid_gzip', 'the body is not valid gzip', 'encoding')),
    );
    gunzip.end(raw);
  });
}

/** JSON.parse with the client's problem named (V8's message gives the position). */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new Rejection(400, 'invalid_json', 'the body is empty', 'json');
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Rejection(
      400,
      'invalid_json',
      `the body is not valid JSON: ${(error as Error).message}`,
      'json',
    );
  }
}
