// A batch is one OTLP/HTTP JSON request body for one signal, with the id that lets downstream
// recognise a retried copy (T6).

export type Signal = 'traces' | 'logs';

export interface Batch {
  id: string;
  signal: Signal;
  /** Serialised ExportTraceServiceRequest / ExportLogsServiceRequest. */
  body: string;
  /** Spans or log records inside. */
  items: number;
  /** SDK clock time the batch was made (for TTL and ordering). */
  createdAt: number;
}

/** UTF-8 size of the body, which is what the keepalive budget and queue bounds count. */
export function batchBytes(batch: Batch): number {
  let bytes = 0;
  const { body } = batch;
  for (let i = 0; i < body.length; i += 1) {
    const code = body.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00) {
      bytes += 4; // surrogate pair: one 4-byte code point
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}
