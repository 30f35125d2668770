// k6 provides a console in every script; @types/k6 does not declare it, and the DOM library would
// declare far more than k6 has (fetch, window, ...).
declare const console: {
  log(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};
