// HTMLMediaElement MediaError codes → the contract's error classes, shared by the adapters whose
// player forwards the element's own error (dash.js playbackError, Video.js).
import type { ErrorType } from '../view/signals.js';

// 4 (SRC_NOT_SUPPORTED) is also what a 404 on a progressive file looks like; the element gives no
// way to tell them apart.
export const MEDIA_ERROR_TYPES: Readonly<Record<number, ErrorType>> = {
  1: 'aborted',
  2: 'network',
  3: 'media_decode',
  4: 'media_unsupported',
};
