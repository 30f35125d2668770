// HTTP Range parsing for the media server. <video> with a progressive MP4 needs 206 answers to
// seek and to read the moov box; players of segmented media rarely send Range at all.

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive (HTTP's convention). */
  end: number;
}

/**
 * What to do with a Range header for a body of `size` bytes: `undefined` → answer 200 with the
 * whole body (no header, another unit, or several ranges, which this server does not combine);
 * `'unsatisfiable'` → 416; otherwise the one range to answer with 206.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || (last !== '' && Number(last) < start)) return 'unsatisfiable';
  return { start, end };
}
